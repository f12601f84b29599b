import type { DetectedNetwork, DetectParams, NetworksFile, OrgId } from '@vigil/contracts'
import { AccountGraph, replaceNetworks } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { edgeCountsOf, type LiveNetworkOptions, liveEdges, liveNetworks, liveNetworksFile, livePostCounts } from './live-detection.js'
import { takeLiveTouched } from './live-pairs.js'

/** One recomputation of a feed's networks by its aggregator. */
export interface LiveNetworksUpdate {
  /** All the feed's networks now: those recomputed and those kept as they were, ranked and numbered as batch does. */
  readonly networks: NetworksFile
  /** The first round recomputes the whole feed; the next ones only the components touched since. */
  readonly full: boolean
  /** The accounts of the components recomputed. */
  readonly accounts: number
  /** The networks of those components, as recomputed (the others were kept). */
  readonly recomputed: readonly DetectedNetwork[]
}

/** Keeps one feed's networks current (see docs/LIVE.md, Aggregation). */
export interface LiveAggregator {
  /** Recomputes what changed since the last call; undefined when no network can have changed. */
  update(): Promise<LiveNetworksUpdate | undefined>
}

interface AggregatorState {
  readonly graph: AccountGraph
  readonly edgeKeys: Set<string>
  readonly edgeCounts: Record<string, number>
  posts: number
  accounts: number
  networks: DetectedNetwork[]
}

/**
 * A feed's aggregator: its first `update` computes every network from the stored pairs
 * (`liveNetworks`, batch's code) and keeps the graph of the edges networks are built from;
 * each next one takes what the workers marked touched since (`takeLiveTouched`: account
 * pairs with new pairs, and the graph's accounts with new posts), weighs the edges of those account pairs
 * again (an edge's weight depends on its two accounts' pairs only), and recomputes with
 * batch's code only the components holding a touched account: a new pair may merge
 * components, a new post changes its account's share of coordinated posts. The other
 * networks are kept as they were, then all are ranked together (`replaceNetworks`).
 * The result equals a recomputation of the whole feed. Should a round fail, the next
 * recomputes the whole feed again.
 */
export function createLiveAggregator(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: { readonly name: string; readonly params: DetectParams },
  options: LiveNetworkOptions = {},
): LiveAggregator {
  const { name, params } = feed
  const edgeKey = (e: { signal: string; a: string; b: string }) => `${e.signal}\u0000${e.a}\u0000${e.b}`
  let state: AggregatorState | undefined

  const file = (s: AggregatorState): NetworksFile =>
    liveNetworksFile(name, params, { posts: s.posts, accounts: s.accounts, edges: { ...s.edgeCounts } }, s.networks)

  async function full(): Promise<LiveNetworksUpdate> {
    // The counts and the marks taken in one snapshot: a post stored after it is marked for the next round and not counted here.
    const counts = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await takeLiveTouched(trx, orgId, name)
        return livePostCounts(trx, orgId, name)
      })
    // Pairs stored from here on are read now and marked for the next round too: recomputed twice, counted once.
    const all = await liveNetworks(db, orgId, name, params, { all: true }, options)
    const graph = new AccountGraph()
    for (const e of all.netEdges) graph.add(e.a, e.b)
    const next: AggregatorState = {
      graph,
      edgeKeys: new Set(all.edges.map(edgeKey)),
      edgeCounts: edgeCountsOf(params, all.edges),
      ...counts,
      networks: all.networks,
    }
    state = next
    return { networks: file(next), full: true, accounts: graph.accounts, recomputed: all.networks }
  }

  async function touched(s: AggregatorState): Promise<LiveNetworksUpdate | undefined> {
    const changed = await takeLiveTouched(db, orgId, name, s.graph.members())
    s.posts += changed.posts
    s.accounts += changed.newAccounts
    if (changed.pairs.length > 0) {
      const { edges, netEdges } = await liveEdges(db, orgId, name, params, { accountPairs: changed.pairs })
      for (const e of edges) {
        const key = edgeKey(e)
        if (s.edgeKeys.has(key)) continue
        s.edgeKeys.add(key)
        s.edgeCounts[e.signal] = (s.edgeCounts[e.signal] ?? 0) + 1
      }
      for (const e of netEdges) s.graph.add(e.a, e.b)
    }
    const accounts = s.graph.componentsOf([...changed.pairs.flat(), ...changed.accounts])
    if (accounts.size === 0) return undefined
    const { networks } = await liveNetworks(db, orgId, name, params, { accounts: [...accounts] }, options)
    s.networks = replaceNetworks(s.networks, networks, accounts)
    const recomputed = s.networks.filter((n) => accounts.has(n.members[0] ?? ''))
    return { networks: file(s), full: false, accounts: accounts.size, recomputed }
  }

  return {
    async update() {
      try {
        return state ? await touched(state) : await full()
      } catch (err) {
        // What was taken from the marks is lost with this round: start again from everything.
        state = undefined
        throw err
      }
    },
  }
}
