import type { CountedValue, DetectedNetwork, DisclosureEvidence } from '@vigil/contracts'
import { domainOf, normaliseUrl } from '../detect/normalise-url.js'
import type { DisclosurePost } from './redact-post.js'

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi
const HASHTAG_RE = /(^|[^\w&])#(\w{1,100})/g
const TOP = 10
const DAY_MS = 86_400_000

function top(counts: ReadonlyMap<string, number>): CountedValue[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP)
    .map(([value, count]) => ({ value, count }))
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)

/**
 * What the public report says about the networks: accounts per surface, the activity span and
 * posts per day (UTC, every day between the first and last post), reach as summed followers
 * (each account's count at its latest post; `null` when the dump has none), the most shared
 * domains, hashtags and links (links without their query string), the signals and scores.
 *
 * @example
 * disclosureEvidence(networks, posts, 'twitter')
 */
export function disclosureEvidence(
  networks: readonly DetectedNetwork[],
  posts: readonly DisclosurePost[],
  surface: string,
): DisclosureEvidence {
  const members = new Set(networks.flatMap((n) => n.members))
  const own = posts.filter((p) => members.has(p.account))
  const days = new Map<string, number>()
  const latest = new Map<string, { at: number; followers: number }>()
  const domains = new Map<string, number>()
  const hashtags = new Map<string, number>()
  const links = new Map<string, number>()
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const p of own) {
    const t = p.time.getTime()
    first = Math.min(first, t)
    last = Math.max(last, t)
    bump(days, p.time.toISOString().slice(0, 10))
    if (p.followers != null) {
      const seen = latest.get(p.account)
      if (!seen || t >= seen.at) latest.set(p.account, { at: t, followers: p.followers })
    }
    for (const raw of p.text.match(URL_RE) ?? []) {
      const url = normaliseUrl(raw)
      const cut = url.search(/[?#]/)
      bump(links, cut < 0 ? url : url.slice(0, cut))
      const domain = domainOf(url)
      if (domain) bump(domains, domain)
    }
    for (const m of p.text.matchAll(HASHTAG_RE)) bump(hashtags, `#${(m[2] ?? '').toLowerCase()}`)
  }
  const postsPerDay: { day: string; posts: number }[] = []
  if (own.length > 0) {
    for (let d = Date.parse(new Date(first).toISOString().slice(0, 10)); d <= last; d += DAY_MS) {
      const day = new Date(d).toISOString().slice(0, 10)
      postsPerDay.push({ day, posts: days.get(day) ?? 0 })
    }
  }
  const counted = [...latest.values()]
  return {
    accounts: members.size,
    accountsBySurface: { [surface]: members.size },
    posts: own.length,
    ...(own.length > 0 ? { firstAt: new Date(first).toISOString(), lastAt: new Date(last).toISOString() } : {}),
    postsPerDay,
    reach: {
      followers: counted.length > 0 ? counted.reduce((s, c) => s + Math.round(c.followers), 0) : null,
      accountsCounted: counted.length,
    },
    topDomains: top(domains),
    topHashtags: top(hashtags),
    topLinks: top(links),
    signals: [...new Set(networks.flatMap((n) => n.signals))].sort(),
    networks: networks.map((n) => ({ id: n.id, members: n.members.length, score: n.score })),
  }
}
