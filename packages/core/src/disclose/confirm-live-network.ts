import { ConfirmLiveNetworkInput, type DetectedNetwork, type LiveNetwork } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { can } from '../auth/can.js'
import { VigilError } from '../shared/errors.js'
import { parseInput } from '../shared/parse-input.js'
import { type LiveNetworkDeps, type LiveNetworkRecord, liveNetworkId } from './live-network-ports.js'

type UserActor = Actor & { kind: 'user' }

/**
 * The network of `networks` that shares the most members with `raised` (the first on a tie),
 * as live alerts match a recomputed network to the previous one; `undefined` when none shares any.
 */
export function matchNetwork(raised: DetectedNetwork, networks: readonly DetectedNetwork[]): DetectedNetwork | undefined {
  const members = new Set(raised.members)
  let best: DetectedNetwork | undefined
  let shared = 0
  for (const n of networks) {
    const s = n.members.filter((m) => members.has(m)).length
    if (s > shared) [best, shared] = [n, s]
  }
  return best
}

/** A confirmed live network as its organisation sees it. */
export function liveNetworkView(r: LiveNetworkRecord): LiveNetwork {
  return {
    id: liveNetworkId(r.number),
    feed: r.feed,
    alert: r.alert,
    network: r.network,
    posts: r.posts,
    note: r.note,
    confirmedBy: r.confirmedBy,
    confirmedAt: r.confirmedAt.toISOString(),
  }
}

/**
 * Confirms the network an alert of a live feed raised, as the feed's detection has it now (the
 * recomputed network sharing most members with the alert's): its members, edges, scores,
 * evidence and its members' posts in the stream are kept as they are at this moment, under an
 * id of its own that later recomputations do not change, so it can be disclosed as a batch
 * run's network is. The triage of live detection; audited (`live.network.confirm`).
 *
 * @throws VigilError `AUTH_FORBIDDEN` without `detect:triage`, `NOT_FOUND` for an unknown feed
 * or alert, `CONFLICT` when the feed's detection no longer has the network, or none of its posts
 * @example
 * const confirmed = await confirmLiveNetwork(deps, analyst, 'elections', { alert: 12 }, now) // confirmed.id: 'n7'
 */
export async function confirmLiveNetwork(
  deps: LiveNetworkDeps,
  actor: UserActor,
  feed: string,
  rawInput: unknown,
  now: Date,
): Promise<LiveNetwork> {
  if (!can(actor, 'detect:triage'))
    throw new VigilError('AUTH_FORBIDDEN', 'only analysts confirm networks', { permission: 'detect:triage' })
  const input = parseInput(ConfirmLiveNetworkInput, rawInput, 'confirmation')
  const current = await deps.currentNetworks(actor.orgId, feed)
  const raised = await deps.alertNetwork(actor.orgId, feed, input.alert)
  if (!raised) throw new VigilError('NOT_FOUND', `no alert ${input.alert} on feed '${feed}'`)
  const network = matchNetwork(raised, current.networks)
  if (!network) throw new VigilError('CONFLICT', `the feed's detection no longer has the network of alert ${input.alert}`)
  const posts = await deps.feedPosts(actor.orgId, feed, new Set(network.members))
  if (posts.length === 0) throw new VigilError('CONFLICT', "none of the network's posts is in the feed's stream any more")
  const record = {
    orgId: actor.orgId,
    feed,
    alert: input.alert,
    network,
    run: current.run,
    posts: posts.length,
    note: input.note,
    userId: actor.userId,
    confirmedAt: now,
  }
  const audit = {
    actor,
    action: 'live.network.confirm',
    target: { type: 'live-feed', id: feed },
    outcome: 'success' as const,
    details: { alert: input.alert, members: network.members.length, posts: posts.length },
  }
  const number = await deps.store.insert(record, posts, audit, now)
  const [stored] = await deps.store.list(actor.orgId, feed, [liveNetworkId(number)])
  if (!stored) throw new VigilError('NOT_FOUND', `no live network ${liveNetworkId(number)}`)
  return liveNetworkView(stored)
}

/** A feed's confirmed networks, newest first. */
export async function listLiveNetworks(deps: Pick<LiveNetworkDeps, 'store'>, actor: UserActor, feed: string): Promise<LiveNetwork[]> {
  return (await deps.store.list(actor.orgId, feed)).map(liveNetworkView)
}
