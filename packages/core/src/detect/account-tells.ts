import type { AccountTell } from '@vigil/contracts'

/** What a dump says about one account (fields it lacks are absent). */
export interface AccountProfile {
  readonly account: string
  /** Creation day, `YYYY-MM-DD`. */
  readonly created?: string
  /** Day of its first post in the dump, `YYYY-MM-DD`. */
  readonly firstPost?: string
  readonly screenName?: string
  /** Profile text and URL, normalised (lower case, white space collapsed, no trailing slash). */
  readonly profileText?: string
  readonly profileUrl?: string
  readonly clients: readonly string[]
  /** Follower and following counts (the largest the dump gives for the account). */
  readonly followers?: number
  readonly following?: number
  /** The accounts whose profile text or URL is the same or near-identical to this one's (the `co-profile` edges). */
  readonly profileLinks?: readonly string[]
}

/** The dump's own rates, against which a network's tells are measured. */
export interface AccountPopulation {
  /** Accounts with a creation day, and how many were created on each day. */
  readonly withCreated: number
  readonly createdOn: ReadonlyMap<string, number>
  /** Accounts with both days, and how many first posted a year or more after creation. */
  readonly withBothDays: number
  readonly dormant: number
  /** Accounts with a screen name, and how many follow the name + 8 digits template. */
  readonly withScreenName: number
  readonly templated: number
  readonly withProfileText: number
  readonly profileTexts: ReadonlyMap<string, number>
  readonly withProfileUrl: number
  readonly profileUrls: ReadonlyMap<string, number>
  /** Accounts with a client, and how many accounts used each client. */
  readonly withClient: number
  readonly clients: ReadonlyMap<string, number>
  /** Accounts with a follower count, and how many have fewer than {@link FEW_FOLLOWERS}. */
  readonly withFollowers?: number
  readonly fewFollowers?: number
  /** Accounts with both counts, and how many follow far more than follow them ({@link followsFarMore}). */
  readonly withFollowCounts?: number
  readonly followingFarMore?: number
  /** With `co-profile` run: accounts with a profile text or URL, and how many have a near-identical one somewhere in the dump. */
  readonly withProfile?: number
  readonly profileLinked?: number
}

/** Fewer followers than this is "few": accounts made in bulk rarely gain an audience. */
export const FEW_FOLLOWERS = 10

/**
 * Following at least 50 accounts and at least five times as many as follow it: the
 * follow-to-be-followed pattern of accounts built up in bulk.
 *
 * @example
 * followsFarMore(3, 400) // true
 */
export function followsFarMore(followers: number, following: number): boolean {
  return following >= 50 && following >= 5 * Math.max(followers, 1)
}

/** X's default handles: a name cut to fit and eight digits (the template platforms cite in takedowns). */
export const SCREEN_NAME_TEMPLATE = /^[A-Za-z_]+\d{8}$/

const DAY_MS = 86_400_000
// A year between creation and first post is how the takedown reports describe "aged" accounts.
const DORMANT_DAYS = 365
// Switched on together: first posts within a week of one another.
const TOGETHER_DAYS = 7
// A client used by at most this share of the dump's accounts is rare.
const RARE_CLIENT_SHARE = 0.05
// A tell is reported when at least two members show it and at least twice as many as chance would give.
const MIN_MEMBERS = 2
const MIN_OVER_CHANCE = 2

/**
 * The account-level tells of a network's members, each with the count behind it and the
 * count expected by chance at the dump's rates (members × the share of the dump's accounts
 * showing the same value): same-day creation, accounts created a year or more before
 * their first post and switched on within a week of one another, screen names of one
 * template, the same profile text or URL, few followers, following far more accounts than
 * follow them, and a rarely used client they share. A tell is
 * kept when at least two members show it and at least twice as many as expected.
 *
 * @example
 * accountTells(members, population)[0]?.summary
 * // "9 of 12 members created on 2013-07-25; about 0.3 expected from the dump's creation dates"
 */
export function accountTells(members: readonly AccountProfile[], population: AccountPopulation): AccountTell[] {
  const n = members.length
  const tells: AccountTell[] = []
  const keep = (tell: AccountTell['tell'], value: string, k: number, share: number, summary: (expected: string) => string) => {
    const expected = n * share
    if (k >= MIN_MEMBERS && k >= MIN_OVER_CHANCE * expected) {
      tells.push({ tell, value, members: k, of: n, expected: round(expected), summary: summary(expected.toFixed(1)) })
    }
  }
  const created = largestGroup(members.map((m) => m.created))
  if (created) {
    keep(
      'same-creation-day',
      created.value,
      created.count,
      (population.createdOn.get(created.value) ?? 0) / Math.max(1, population.withCreated),
      (e) => `${created.count} of ${n} members created on ${created.value}; about ${e} expected from the dump's creation dates`,
    )
  }
  const dormant = switchedOnTogether(members)
  if (dormant) {
    keep(
      'dormant-then-active',
      `${dormant.from}/${dormant.to}`,
      dormant.count,
      population.dormant / Math.max(1, population.withBothDays),
      (e) =>
        `${dormant.count} of ${n} members first posted a year or more after they were created, all between ${dormant.from} and ${dormant.to}; about ${e} expected from the dump's accounts`,
    )
  }
  const templated = members.filter((m) => m.screenName !== undefined && SCREEN_NAME_TEMPLATE.test(m.screenName)).length
  keep(
    'screen-name-template',
    'name + 8 digits',
    templated,
    population.templated / Math.max(1, population.withScreenName),
    (e) => `${templated} of ${n} members have a screen name of a name and 8 digits; about ${e} expected from the dump's names`,
  )
  for (const [tell, pick, counts, total, what] of [
    ['same-profile-text', (m: AccountProfile) => m.profileText, population.profileTexts, population.withProfileText, 'profile text'],
    ['same-profile-url', (m: AccountProfile) => m.profileUrl, population.profileUrls, population.withProfileUrl, 'profile URL'],
  ] as const) {
    const same = largestGroup(members.map(pick))
    if (!same) continue
    keep(
      tell,
      same.value,
      same.count,
      (counts.get(same.value) ?? 0) / Math.max(1, total),
      (e) => `${same.count} of ${n} members have the ${what} "${clip(same.value)}"; about ${e} expected from the dump's accounts`,
    )
  }
  if (population.withProfile !== undefined) {
    const inside = new Set(members.map((m) => m.account))
    const linked = members.filter((m) => (m.profileLinks ?? []).some((other) => inside.has(other))).length
    keep(
      'near-identical-profile',
      'co-profile',
      linked,
      (population.profileLinked ?? 0) / Math.max(1, population.withProfile),
      (e) =>
        `${linked} of ${n} members have a profile text or URL the same as or near-identical to another member's; about ${e} expected from the dump's accounts with such a match anywhere`,
    )
  }
  const withFollowers = members.filter((m) => m.followers !== undefined)
  if (withFollowers.length > 0) {
    const few = withFollowers.filter((m) => (m.followers as number) < FEW_FOLLOWERS).length
    keep(
      'few-followers',
      `< ${FEW_FOLLOWERS}`,
      few,
      (population.fewFollowers ?? 0) / Math.max(1, population.withFollowers ?? 0),
      (e) => `${few} of ${n} members have fewer than ${FEW_FOLLOWERS} followers; about ${e} expected from the dump's accounts`,
    )
  }
  const farMore = members.filter(
    (m) => m.followers !== undefined && m.following !== undefined && followsFarMore(m.followers, m.following),
  ).length
  if (farMore > 0) {
    keep(
      'follows-far-more',
      'following ≥ 50 and ≥ 5 × followers',
      farMore,
      (population.followingFarMore ?? 0) / Math.max(1, population.withFollowCounts ?? 0),
      (e) =>
        `${farMore} of ${n} members follow at least 50 accounts and five times as many as follow them; about ${e} expected from the dump's accounts`,
    )
  }
  const rare = largestGroup(
    members.flatMap((m) => [...new Set(m.clients)]),
    (client) => {
      const share = (population.clients.get(client) ?? 0) / Math.max(1, population.withClient)
      return share <= RARE_CLIENT_SHARE
    },
  )
  if (rare) {
    const used = population.clients.get(rare.value) ?? 0
    keep(
      'rare-client',
      rare.value,
      rare.count,
      used / Math.max(1, population.withClient),
      (e) =>
        `${rare.count} of ${n} members post with "${clip(rare.value)}", which ${used} of the dump's ${population.withClient} accounts use; about ${e} expected`,
    )
  }
  return tells
}

/**
 * The account-evidence part of a network's score: the share of its members that its
 * strongest tell covers (0 with none).
 *
 * @example
 * accountEvidenceStrength([{ members: 9, of: 12 }]) // 0.75
 */
export function accountEvidenceStrength(tells: readonly Pick<AccountTell, 'members' | 'of'>[]): number {
  return tells.reduce((best, t) => Math.max(best, t.members / t.of), 0)
}

function largestGroup(
  values: readonly (string | undefined)[],
  eligible: (value: string) => boolean = () => true,
): { value: string; count: number } | undefined {
  const counts = new Map<string, number>()
  for (const v of values) if (v !== undefined && v !== '' && eligible(v)) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best: { value: string; count: number } | undefined
  for (const [value, count] of counts) {
    if (!best || count > best.count || (count === best.count && value < best.value)) best = { value, count }
  }
  return best
}

/** The most members that were dormant a year or more and first posted within a week of one another. */
function switchedOnTogether(members: readonly AccountProfile[]): { count: number; from: string; to: string } | undefined {
  const starts = members
    .filter((m) => m.created && m.firstPost && dayOf(m.firstPost) - dayOf(m.created) >= DORMANT_DAYS)
    .map((m) => dayOf(m.firstPost as string))
    .sort((x, y) => x - y)
  let best: { count: number; from: string; to: string } | undefined
  let lo = 0
  for (let hi = 0; hi < starts.length; hi++) {
    while ((starts[hi] as number) - (starts[lo] as number) > TOGETHER_DAYS) lo++
    const count = hi - lo + 1
    if (!best || count > best.count) best = { count, from: isoDay(starts[lo] as number), to: isoDay(starts[hi] as number) }
  }
  return best
}

function dayOf(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS)
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
