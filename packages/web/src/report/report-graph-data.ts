import type { DetectedNetwork, RunGraph } from '@vigil/contracts'
import { networkGraphData } from '../features/detect/components/network-graph-data.js'

/**
 * The graph of some of a report's networks, in the shape the web UI's network graph draws:
 * each network's members (sized by their posts) and one link per signal of each pair.
 */
export function reportGraphData(networks: readonly DetectedNetwork[], posts: Readonly<Record<string, number>>): RunGraph {
  const parts = networks.map((n) =>
    networkGraphData({
      id: n.id,
      members: n.members.map((account) => ({ account, posts: posts[account] ?? 0, coordinatedPosts: 0, allowlisted: false })),
      edges: n.edges,
    }),
  )
  return { nodes: parts.flatMap((p) => p.nodes), edges: parts.flatMap((p) => p.edges), truncated: false }
}
