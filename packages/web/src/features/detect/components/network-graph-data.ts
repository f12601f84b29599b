import type { DetectSignal, RunGraph, RunNetworkDetail } from '@vigil/contracts'

// Apart from graph-model.ts so the network page builds it without loading graphology.
/** One network's own graph, in the run graph's shape: its members and a link per signal of each pair. */
export function networkGraphData(network: Pick<RunNetworkDetail, 'id' | 'members' | 'edges'>): RunGraph {
  return {
    nodes: network.members.map((m) => ({ id: m.account, network: network.id, posts: m.posts })),
    edges: network.edges.flatMap((e) =>
      Object.entries(e.signals).map(([signal, weight]) => ({ a: e.a, b: e.b, signal: signal as DetectSignal, weight })),
    ),
    truncated: false,
  }
}
