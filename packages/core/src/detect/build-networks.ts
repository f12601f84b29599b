import type { DetectSignal, NetworkEdge, NetworkScore } from '@vigil/contracts'
import { UndirectedGraph } from 'graphology'
import louvainModule from 'graphology-communities-louvain'
import { connectedComponents } from 'graphology-components'

// The package is CommonJS (`module.exports = louvain`) but types a default export: under
// NodeNext the default import is the function itself, whatever the types say.
type Louvain = (typeof louvainModule)['default']
const louvain: Louvain = (louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain)

/** One kept edge of one signal, as the co-occurrence step found it. */
export interface SignalEdge {
  readonly signal: DetectSignal
  readonly a: string
  readonly b: string
  readonly weight: number
  /** Mean time between the paired posts, in seconds. */
  readonly meanDeltaSeconds: number
}

/** How much an account posted, and how many of its posts are in kept coordinated pairs. */
export interface AccountActivity {
  readonly posts: number
  readonly coordinatedPosts: number
}

/** A network before its evidence is attached. */
export interface ScoredNetwork {
  readonly id: string
  readonly members: string[]
  readonly signals: DetectSignal[]
  readonly edges: NetworkEdge[]
  readonly score: NetworkScore
}

/** Parameters of the split and the score. */
export interface NetworkOptions {
  readonly windowSeconds: number
  /** How many signals ran: agreement is the share of them a network shows. */
  readonly signalsRun: number
  /** Components larger than this are split with Louvain. */
  readonly maxComponentSize: number
  readonly seed: number
  /**
   * The fused weight of each account pair (keyed by {@link accountPairKey}): its
   * coordinated post pairs counted across all signals. When given, an edge weighs this
   * instead of the sum of its signals' weights. Without it (the default), the sum.
   */
  readonly fusedWeights?: ReadonlyMap<string, number>
  /**
   * The account-evidence part of a network's score ({@link accountEvidenceStrength}) from
   * its members, when the dump has account fields: the score then weighs it.
   */
  readonly accountEvidence?: (members: readonly string[]) => number
}

/**
 * The key of an unordered account pair in {@link NetworkOptions.fusedWeights}.
 *
 * @example
 * accountPairKey('b', 'a') === accountPairKey('a', 'b') // true
 */
export function accountPairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`
}

// The parts of the score. Timing and the share of coordinated activity carry most: they
// are what separates an operation from a crowd reacting to the same news.
const SCORE_WEIGHTS = { timeTightness: 0.3, density: 0.2, coordinatedShare: 0.3, signalAgreement: 0.2 } as const
// With account fields, account-level tells take this share of the score: they corroborate
// co-posting but alone prove nothing (a batch of accounts made on one day may be innocent).
const ACCOUNT_EVIDENCE_WEIGHT = 0.15

/**
 * Fuses the signal edges into one weighted graph, splits it into networks (connected
 * components; Louvain, seeded, inside components over `maxComponentSize`), and scores each
 * from its tightness in time, density, the share of its members' posts that are
 * coordinated and the share of signals that agree. Networks are returned best first and
 * numbered `n1`, `n2`, … in that order.
 *
 * @example
 * buildNetworks(edges, activity, { windowSeconds: 60, signalsRun: 9, maxComponentSize: 200, seed: 1 })
 */
export function buildNetworks(
  edges: readonly SignalEdge[],
  activity: ReadonlyMap<string, AccountActivity>,
  options: NetworkOptions,
): ScoredNetwork[] {
  const graph = fuse(edges, options.fusedWeights)
  const groups: string[][] = []
  for (const component of connectedComponents(graph)) {
    if (component.length <= options.maxComponentSize) groups.push(component)
    else groups.push(...splitWithLouvain(graph, component, options.seed))
  }
  const scored = groups
    .filter((g) => g.length >= 2)
    .map((members) => scoreGroup(graph, members.sort(), activity, options))
    .filter((n) => n.edges.length > 0)
  return rankNetworks(scored)
}

/**
 * Orders networks best first (score, then size, then first member) and numbers them `n1`,
 * `n2`, … in that order: the ids of {@link buildNetworks}. Live detection ranks with it the
 * networks it keeps together with those it recomputed.
 *
 * @example
 * rankNetworks([weak, strong]).map((n) => n.id) // ['n1', 'n2'], strong first
 */
export function rankNetworks<T extends { readonly members: readonly string[]; readonly score: { readonly score: number } }>(
  networks: readonly T[],
): (T & { id: string })[] {
  const sorted = [...networks].sort(
    (x, y) => y.score.score - x.score.score || y.members.length - x.members.length || cmp(x.members[0], y.members[0]),
  )
  return sorted.map((n, i) => ({ ...n, id: `n${i + 1}` }))
}

interface EdgeAttributes {
  weight: number
  signals: Record<string, number>
  deltaWeighted: number
  /** The part of `weight` from signals with a time (all but `co-profile`): what `deltaWeighted` is weighted by. */
  timedWeight: number
}

/** Signals without a time window: their edges say nothing about timing. */
const UNTIMED_SIGNALS: ReadonlySet<DetectSignal> = new Set(['co-profile'])

function fuse(
  edges: readonly SignalEdge[],
  fusedWeights: ReadonlyMap<string, number> | undefined,
): UndirectedGraph<Record<string, never>, EdgeAttributes> {
  const graph = new UndirectedGraph<Record<string, never>, EdgeAttributes>()
  for (const e of edges) {
    graph.mergeNode(e.a)
    graph.mergeNode(e.b)
    const timed = UNTIMED_SIGNALS.has(e.signal) ? 0 : e.weight
    if (graph.hasEdge(e.a, e.b)) {
      graph.updateEdgeAttributes(e.a, e.b, (attr) => ({
        weight: attr.weight + e.weight,
        signals: { ...attr.signals, [e.signal]: e.weight },
        deltaWeighted: attr.deltaWeighted + e.meanDeltaSeconds * timed,
        timedWeight: attr.timedWeight + timed,
      }))
    } else {
      graph.addEdge(e.a, e.b, {
        weight: e.weight,
        signals: { [e.signal]: e.weight },
        deltaWeighted: e.meanDeltaSeconds * timed,
        timedWeight: timed,
      })
    }
  }
  if (fusedWeights) {
    // The mean Δt of an edge stays its timed signals' weighted mean; it now counts fused-weight
    // times. The fused weight counts co-posts; an untimed signal's weight (co-profile) is added.
    graph.updateEachEdgeAttributes((_edge, attr, source, target) => {
      const fused = fusedWeights.get(accountPairKey(source, target))
      if (fused === undefined) return attr
      const untimed = attr.weight - attr.timedWeight
      const deltaWeighted = attr.timedWeight > 0 ? (attr.deltaWeighted / attr.timedWeight) * fused : 0
      return { ...attr, weight: fused + untimed, deltaWeighted, timedWeight: attr.timedWeight > 0 ? fused : 0 }
    })
  }
  return graph
}

function splitWithLouvain(graph: UndirectedGraph<Record<string, never>, EdgeAttributes>, component: string[], seed: number): string[][] {
  const sub = new UndirectedGraph<Record<string, never>, EdgeAttributes>()
  for (const node of component) sub.addNode(node)
  for (const node of component) {
    graph.forEachEdge(node, (_edge, attr, source, target) => {
      if (!sub.hasEdge(source, target)) sub.addEdge(source, target, attr)
    })
  }
  const communities = louvain(sub, { getEdgeWeight: 'weight', rng: mulberry32(seed) })
  const byCommunity = new Map<number, string[]>()
  for (const [node, community] of Object.entries(communities)) {
    byCommunity.set(community, [...(byCommunity.get(community) ?? []), node])
  }
  return [...byCommunity.values()]
}

function scoreGroup(
  graph: UndirectedGraph<Record<string, never>, EdgeAttributes>,
  members: string[],
  activity: ReadonlyMap<string, AccountActivity>,
  options: NetworkOptions,
): Omit<ScoredNetwork, 'id'> {
  const inside = new Set(members)
  const edges: NetworkEdge[] = []
  const signals = new Set<DetectSignal>()
  let timedWeight = 0
  let deltaWeighted = 0
  for (const a of members) {
    graph.forEachEdge(a, (_edge, attr, source, target) => {
      const b = source === a ? target : source
      if (!inside.has(b) || b < a) return
      edges.push({ a, b, weight: attr.weight, signals: attr.signals })
      for (const s of Object.keys(attr.signals)) signals.add(s as DetectSignal)
      timedWeight += attr.timedWeight
      deltaWeighted += attr.deltaWeighted
    })
  }
  let posts = 0
  let coordinated = 0
  for (const m of members) {
    posts += activity.get(m)?.posts ?? 0
    coordinated += activity.get(m)?.coordinatedPosts ?? 0
  }
  const n = members.length
  // A network held together only by untimed edges (co-profile) shows no tightness in time.
  const timeTightness =
    timedWeight === 0 ? 0 : options.windowSeconds > 0 ? clamp(1 - deltaWeighted / timedWeight / options.windowSeconds) : 1
  const density = clamp((2 * edges.length) / (n * (n - 1)))
  const coordinatedShare = posts > 0 ? clamp(coordinated / posts) : 0
  const signalAgreement = clamp(signals.size / Math.max(1, options.signalsRun))
  const parts = { timeTightness, density, coordinatedShare, signalAgreement }
  const coordination = (Object.keys(SCORE_WEIGHTS) as (keyof typeof SCORE_WEIGHTS)[]).reduce((s, k) => s + SCORE_WEIGHTS[k] * parts[k], 0)
  const accountEvidence = options.accountEvidence?.(members)
  const score =
    accountEvidence === undefined
      ? coordination
      : (1 - ACCOUNT_EVIDENCE_WEIGHT) * coordination + ACCOUNT_EVIDENCE_WEIGHT * clamp(accountEvidence)
  const scoreParts = { score: round(clamp(score)), ...mapValues(parts, round) }
  return {
    members,
    signals: [...signals].sort(),
    edges,
    score: accountEvidence === undefined ? scoreParts : { ...scoreParts, accountEvidence: round(clamp(accountEvidence)) },
  }
}

function clamp(x: number): number {
  return Math.min(1, Math.max(0, x))
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000
}

function mapValues<T extends Record<string, number>>(o: T, f: (x: number) => number): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) as T
}

function cmp(x: string | undefined, y: string | undefined): number {
  return (x ?? '') < (y ?? '') ? -1 : (x ?? '') > (y ?? '') ? 1 : 0
}

/**
 * A small seeded random generator (mulberry32): numbers in [0, 1), the same for a seed on
 * every run. Louvain takes it so a split is reproducible; the benchmark's generator too.
 *
 * @example
 * const random = mulberry32(42); random() // 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
