import type { DetectedNetwork, LiveAlertRules } from '@vigil/contracts'

/** An alert to raise: the network now, and the members it gained since the previous networks. */
export interface AlertDecision {
  readonly kind: 'new' | 'growth'
  readonly network: DetectedNetwork
  readonly added: readonly string[]
}

/**
 * Which alerts a recomputation of a feed's networks raises. Network ids are not stable
 * across recomputations, so each current network is matched to the previous network it
 * shares the most members with (ties: the larger, then the first). With none, it is new, and
 * alerts when it has at least `rules.newAccounts` members; else it alerts when it gained at
 * least `rules.growthAccounts` members that the matched network did not have (or, as new,
 * when the matched network was smaller than `rules.newAccounts` and it is not). Pure: the
 * same networks give the same alerts, in the current networks' order.
 *
 * @example
 * decideAlerts([], [network], { newAccounts: 3, growthAccounts: 2 }) // [{ kind: 'new', network, added: network.members }]
 */
export function decideAlerts(
  previous: readonly (readonly string[])[],
  current: readonly DetectedNetwork[],
  rules: LiveAlertRules,
): AlertDecision[] {
  const owner = new Map<string, number[]>()
  for (const [i, members] of previous.entries()) {
    for (const m of members) {
      const list = owner.get(m)
      if (list) list.push(i)
      else owner.set(m, [i])
    }
  }
  const decisions: AlertDecision[] = []
  for (const network of current) {
    const shared = new Map<number, number>()
    for (const m of network.members) for (const i of owner.get(m) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1)
    let best: number | undefined
    for (const [i, n] of shared) {
      const b = best === undefined ? undefined : shared.get(best)
      if (
        best === undefined ||
        n > (b ?? 0) ||
        (n === b &&
          ((previous[i]?.length ?? 0) > (previous[best]?.length ?? 0) ||
            ((previous[i]?.length ?? 0) === (previous[best]?.length ?? 0) && i < best)))
      )
        best = i
    }
    if (best === undefined) {
      if (network.members.length >= rules.newAccounts) decisions.push({ kind: 'new', network, added: [...network.members].sort() })
      continue
    }
    const before = new Set(previous[best])
    const added = network.members.filter((m) => !before.has(m)).sort()
    // A network too small to alert that now reaches the size alerts as new.
    if (before.size < rules.newAccounts && network.members.length >= rules.newAccounts) decisions.push({ kind: 'new', network, added })
    else if (before.size >= rules.newAccounts && added.length >= rules.growthAccounts) decisions.push({ kind: 'growth', network, added })
  }
  return decisions
}
