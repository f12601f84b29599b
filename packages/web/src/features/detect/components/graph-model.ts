import type { DetectSignal, RunGraph } from '@vigil/contracts'
import { MultiUndirectedGraph } from 'graphology'
import type { ForceAtlas2Settings, ForceAtlas2SynchronousLayoutParameters } from 'graphology-layout-forceatlas2'
import * as forceAtlas2Module from 'graphology-layout-forceatlas2'
import type { AbstractGraph } from 'graphology-types'
import { networkColour, SIGNAL_COLOURS } from './colours.js'

/** What the graph view draws for an account. */
export type NodeView = {
  readonly x: number
  readonly y: number
  readonly size: number
  readonly color: string
  readonly label: string
  readonly network: string
  readonly posts: number
}

/** What the graph view draws for one signal between two accounts. */
export type EdgeView = {
  readonly size: number
  readonly color: string
  readonly signal: DetectSignal
  readonly weight: number
}

// The package is CommonJS (`module.exports = layout`) but types a default export, which the
// bundler and NodeNext resolutions type differently: take what this module needs, either way.
interface ForceAtlas2 {
  assign(graph: AbstractGraph, params: ForceAtlas2SynchronousLayoutParameters): void
  inferSettings(graph: AbstractGraph): ForceAtlas2Settings
}
const forceAtlas2Export = (forceAtlas2Module as unknown as { default: ForceAtlas2 & { default?: ForceAtlas2 } }).default
const forceAtlas2: ForceAtlas2 = forceAtlas2Export.default ?? forceAtlas2Export

export type RunGraphModel = MultiUndirectedGraph<NodeView, EdgeView>

/** Node size grows with the account's posts, slowly, so prolific accounts do not hide the rest. */
export function nodeSize(posts: number): number {
  return 3 + Math.min(12, Math.sqrt(Math.max(0, posts)))
}

// Past this many accounts the layout would keep the page busy for seconds: keep the seeded one.
const FORCE_LAYOUT_MAX_NODES = 4000

/**
 * The run's graph as sigma draws it: accounts coloured by network and sized by posts, one
 * edge per signal coloured by signal. Networks start on a sunflower spiral, their members on
 * a ring around each centre, then ForceAtlas2 settles them; no randomness, so the same run
 * always looks the same.
 */
export function buildRunGraph(data: RunGraph): RunGraphModel {
  const graph: RunGraphModel = new MultiUndirectedGraph()
  const byNetwork = new Map<string, RunGraph['nodes']>()
  for (const node of data.nodes) {
    const members = byNetwork.get(node.network) ?? []
    members.push(node)
    byNetwork.set(node.network, members)
  }
  const golden = Math.PI * (3 - Math.sqrt(5))
  let index = 0
  for (const [network, members] of byNetwork) {
    const centreRadius = 40 * Math.sqrt(index)
    const cx = centreRadius * Math.cos(index * golden)
    const cy = centreRadius * Math.sin(index * golden)
    const ring = 4 + 2 * Math.sqrt(members.length)
    members.forEach((m, i) => {
      const angle = (2 * Math.PI * i) / members.length
      graph.addNode(m.id, {
        x: cx + ring * Math.cos(angle),
        y: cy + ring * Math.sin(angle),
        size: nodeSize(m.posts),
        color: networkColour(network),
        label: m.id,
        network,
        posts: m.posts,
      })
    })
    index++
  }
  for (const e of data.edges) {
    if (!graph.hasNode(e.a) || !graph.hasNode(e.b)) continue
    graph.addEdgeWithKey(`${e.signal}:${e.a}:${e.b}`, e.a, e.b, {
      size: 1 + Math.min(4, Math.max(0, Math.log2(e.weight))),
      color: SIGNAL_COLOURS[e.signal],
      signal: e.signal,
      weight: e.weight,
    })
  }
  if (graph.order > 1 && graph.order <= FORCE_LAYOUT_MAX_NODES) {
    forceAtlas2.assign(graph, {
      iterations: graph.order > 1000 ? 30 : 80,
      // Strong gravity keeps the (disconnected) networks together instead of drifting apart.
      settings: { ...forceAtlas2.inferSettings(graph), strongGravityMode: true, gravity: 1, barnesHutOptimize: graph.order > 500 },
      getEdgeWeight: 'weight',
    })
  }
  return graph
}

/** An account's edges, summed per signal: what hovering it explains. */
export function signalsOf(graph: RunGraphModel, node: string): { signal: DetectSignal; partners: number; weight: number }[] {
  const totals = new Map<DetectSignal, { partners: number; weight: number }>()
  graph.forEachEdge(node, (_edge, attrs) => {
    const t = totals.get(attrs.signal) ?? { partners: 0, weight: 0 }
    totals.set(attrs.signal, { partners: t.partners + 1, weight: t.weight + attrs.weight })
  })
  return [...totals].map(([signal, t]) => ({ signal, ...t })).sort((a, b) => b.weight - a.weight)
}

/**
 * Where each link of a pair is drawn, in pixels across the line: a pair linked by k signals
 * gets k parallel links, centred on the line between the two accounts, so none hides another.
 */
export function parallelOffsets(graph: RunGraphModel, spacing: number): Map<string, number> {
  const offsets = new Map<string, number>()
  graph.forEachNode((node) => {
    graph.forEachNeighbor(node, (other) => {
      if (other < node) return
      const edges = graph.edges(node, other).sort()
      edges.forEach((edge, i) => {
        offsets.set(edge, (i - (edges.length - 1) / 2) * spacing)
      })
    })
  })
  return offsets
}

/** The accounts whose id contains `query` (case-insensitive), exact matches first, at most `limit`. */
export function findAccounts(graph: RunGraphModel, query: string, limit = 10): string[] {
  const q = query.trim().toLowerCase()
  if (q === '') return []
  const found = graph.filterNodes((node) => node.toLowerCase().includes(q))
  found.sort((a, b) => Number(b.toLowerCase() === q) - Number(a.toLowerCase() === q) || a.length - b.length || a.localeCompare(b))
  return found.slice(0, limit)
}
