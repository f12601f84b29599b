import type { CorrelationContainer, CorrelationNotice, ObjectEntry } from '@vigil/contracts'

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

/** A container as an inbox line names it (a report, a grouping, or an object standing alone). */
export interface ThreadContainer {
  readonly id: string
  readonly type: string
  readonly name: string | null
}

/**
 * One line of the correlation inbox: one of the other organisation's containers (a report,
 * a grouping, or an object no container holds) and one of the reader's that share
 * observables, however many notices (accounts, observed data, the grouping around them)
 * say so.
 */
export interface InboxThread {
  readonly key: string
  /** The other organisation's id, or null when the store does not say who created its objects. */
  readonly otherOrg: string | null
  /** The day of the newest notice of the thread. */
  readonly day: string
  readonly theirs: ThreadContainer
  readonly mine: ThreadContainer
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

const WORDS: Readonly<Record<string, string>> = { 'observed-data': 'observed data', 'attack-pattern': 'technique' }

/**
 * A container in a reader's words: a network Vigil published is "network n25", anything else
 * its kind and its name ("report “Amplifier network”").
 */
export function describeContainer(c: ThreadContainer): string {
  const network = c.type === 'grouping' ? /^Coordinated network (\S+)/.exec(c.name ?? '')?.[1] : undefined
  if (network) return `network ${network}`
  const kind = WORDS[c.type] ?? c.type
  return c.name ? `${kind} “${c.name}”` : kind
}

/**
 * Folds notices into threads: one per pair of containers (theirs, the reader's), dated by its
 * newest notice, newest first, so a published network that shares two accounts with a
 * partner's report is one line, not one per observed-data object. Of each notice's two
 * objects, the reader's is the one its organisation created (`myOrg`); `containers` are the
 * server's (only those the reader may see); an object no container holds stands for itself.
 */
export function groupNotices(
  notices: readonly CorrelationNotice[],
  containers: Readonly<Record<string, readonly CorrelationContainer[]>>,
  entryOf: (id: string) => ObjectEntry | undefined,
  myOrg: string,
): InboxThread[] {
  const creatorOf = (id: string) =>
    entryOf(id)?.creatorOrgId ??
    (containers[id]?.length === 1 && containers[id]?.[0]?.id === id ? containers[id]?.[0]?.creatorOrgId : undefined)
  const holders = (id: string): ThreadContainer[] => {
    const held = containers[id] ?? []
    if (held.length > 0) return held.map((c) => ({ id: c.id, type: c.type, name: c.name }))
    const object = entryOf(id)?.object
    return [
      { id, type: String(object?.type ?? id.split('--')[0] ?? 'object'), name: typeof object?.name === 'string' ? object.name : null },
    ]
  }
  const threads = new Map<
    string,
    {
      otherOrg: string | null
      day: string
      theirs: ThreadContainer
      mine: ThreadContainer
      pairs: Map<string, ThreadPair>
      keys: Set<string>
      ids: string[]
    }
  >()
  for (const n of notices) {
    const [a, b] = n.objects
    const [mine, theirs] = creatorOf(a) === myOrg || creatorOf(b) !== myOrg ? [a, b] : [b, a]
    const theirContainers = holders(theirs)
    const otherOrg = creatorOf(theirs) ?? containers[theirs]?.[0]?.creatorOrgId ?? null
    const day = n.createdAt.slice(0, 10)
    for (const tc of theirContainers)
      for (const mc of holders(mine)) {
        const key = `${tc.id}\n${mc.id}`
        const t = threads.get(key) ?? {
          otherOrg,
          day,
          theirs: tc,
          mine: mc,
          pairs: new Map<string, ThreadPair>(),
          keys: new Set<string>(),
          ids: [] as string[],
        }
        t.pairs.set(`${mine}\n${theirs}`, { mine, theirs })
        for (const o of n.observables) t.keys.add(o)
        if (!t.ids.includes(n.id)) t.ids.push(n.id)
        if (day > t.day) t.day = day
        threads.set(key, t)
      }
  }
  return [...threads]
    .map(([key, t]) => ({
      key,
      otherOrg: t.otherOrg,
      day: t.day,
      theirs: t.theirs,
      mine: t.mine,
      pairs: [...t.pairs.values()],
      observables: [...t.keys].sort().map(describeObservable),
      noticeIds: t.ids,
    }))
    .sort((x, y) => y.day.localeCompare(x.day) || x.key.localeCompare(y.key))
}
