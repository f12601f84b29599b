import type { CorrelationNotice, ObjectEntry } from '@vigil/contracts'

/** A shared observable as a reader says it: what kind of thing, and its value. */
export interface SharedObservable {
  readonly kind: string
  readonly value: string
}

/** One pair of objects in a thread: the reader's and the other organisation's. */
export interface ThreadPair {
  readonly mine: string
  readonly theirs: string
}

/**
 * One line of the correlation inbox: everything another organisation shared on one day that
 * shares observables with the reader's objects, however many objects (accounts, observed
 * data, the grouping around them) each notice names.
 */
export interface InboxThread {
  readonly key: string
  /** The other organisation's id, or null when the store does not say who created its objects. */
  readonly otherOrg: string | null
  readonly day: string
  readonly pairs: readonly ThreadPair[]
  readonly observables: readonly SharedObservable[]
  readonly noticeIds: readonly string[]
}

const KINDS: Readonly<Record<string, readonly [string, string]>> = {
  'user-account': ['account', 'accounts'],
  'domain-name': ['domain', 'domains'],
  url: ['link', 'links'],
  'email-addr': ['e-mail address', 'e-mail addresses'],
  'ipv4-addr': ['IP address', 'IP addresses'],
  'ipv6-addr': ['IP address', 'IP addresses'],
  file: ['file', 'files'],
}

/** An observable key (`type|canonical value`, the index's form) in a reader's words. */
export function describeObservable(key: string): SharedObservable {
  const bar = key.indexOf('|')
  const type = bar < 0 ? '' : key.slice(0, bar)
  return { kind: KINDS[type]?.[0] ?? (type || 'observable'), value: bar < 0 ? key : key.slice(bar + 1) }
}

/** "2 accounts and 1 domain": the shared observables counted by kind. */
export function countObservables(observables: readonly SharedObservable[]): string {
  const counts = new Map<string, number>()
  for (const o of observables) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1)
  const parts = [...counts].map(([kind, n]) => {
    const plural = Object.values(KINDS).find(([one]) => one === kind)?.[1] ?? `${kind}s`
    return `${n} ${n === 1 ? kind : plural}`
  })
  return parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}

/**
 * Folds notices into threads: one per other organisation and day the notices were raised,
 * newest first, so a published network that shares two accounts with a partner's report is
 * one line, not one per observed-data object. Of each notice's two objects, the reader's is
 * the one its organisation created (`myOrg`); an object not yet loaded counts as theirs.
 */
export function groupNotices(
  notices: readonly CorrelationNotice[],
  entryOf: (id: string) => ObjectEntry | undefined,
  myOrg: string,
): InboxThread[] {
  const threads = new Map<
    string,
    { otherOrg: string | null; day: string; pairs: Map<string, ThreadPair>; keys: Set<string>; ids: string[] }
  >()
  for (const n of notices) {
    const [a, b] = n.objects
    const aMine = entryOf(a)?.creatorOrgId === myOrg
    const [mine, theirs] = aMine || entryOf(b)?.creatorOrgId !== myOrg ? [a, b] : [b, a]
    const otherOrg = entryOf(theirs)?.creatorOrgId ?? null
    const day = n.createdAt.slice(0, 10)
    const key = `${otherOrg ?? '?'}\n${day}`
    const t = threads.get(key) ?? { otherOrg, day, pairs: new Map<string, ThreadPair>(), keys: new Set<string>(), ids: [] as string[] }
    t.pairs.set(`${mine}\n${theirs}`, { mine, theirs })
    for (const o of n.observables) t.keys.add(o)
    t.ids.push(n.id)
    threads.set(key, t)
  }
  return [...threads]
    .map(([key, t]) => ({
      key,
      otherOrg: t.otherOrg,
      day: t.day,
      pairs: [...t.pairs.values()],
      observables: [...t.keys].sort().map(describeObservable),
      noticeIds: t.ids,
    }))
    .sort((x, y) => y.day.localeCompare(x.day) || x.key.localeCompare(y.key))
}
