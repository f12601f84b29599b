import type { DetectSignal, LiveAlert, RunGraph } from '@vigil/contracts'

/**
 * The graph of a feed's newest alerts, in the run graph's shape: each alert's network as it
 * was when raised, newest first, an older alert's network left out when the newer ones drew
 * all its members already (a network that grew is drawn once, at its latest size). Network
 * ids change between recomputations, so networks are told apart by the alert that showed them.
 */
export function liveGraphData(alerts: readonly LiveAlert[], maxNodes = 2000): RunGraph {
  const drawn = new Set<string>()
  const nodes: RunGraph['nodes'] = []
  const edges: RunGraph['edges'] = []
  let truncated = false
  for (const alert of alerts) {
    const network = alert.network
    const fresh = network.members.filter((m) => !drawn.has(m))
    if (fresh.length === 0) continue
    if (nodes.length + fresh.length > maxNodes) {
      truncated = true
      break
    }
    const id = `n${alert.id}`
    for (const m of fresh) {
      drawn.add(m)
      nodes.push({ id: m, network: id, posts: 1 })
    }
    for (const e of network.edges) {
      if (!fresh.includes(e.a) && !fresh.includes(e.b)) continue
      for (const [signal, weight] of Object.entries(e.signals)) {
        if (weight > 0) edges.push({ a: e.a, b: e.b, signal: signal as DetectSignal, weight })
      }
    }
  }
  const known = new Set(nodes.map((n) => n.id))
  return { nodes, edges: edges.filter((e) => known.has(e.a) && known.has(e.b)), truncated }
}
