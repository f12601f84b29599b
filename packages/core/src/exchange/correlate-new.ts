import type { Reader } from './access.js'
import type { CorrelationDeps, CorrelationIndex, NewCorrelationNotice, ObservableKeyEntry } from './correlation-ports.js'
import { carriedRefs, isCorrelationSubject, patternObservableKeys } from './correlation-subject.js'
import { observableKeys } from './observable-key.js'

const BATCH = 2000

/** Two objects of different parties (`a < b`) and the keys they share. */
interface Match {
  readonly a: string
  readonly b: string
  readonly keys: Set<string>
}

/**
 * An organisation as a whole, as the access rules see it: a member with no user id, so
 * RED objects (named users only) are never visible to it and never correlated.
 */
function organisationReader(orgId: string): Reader {
  return { kind: 'member', orgId, userId: '' }
}

/**
 * Indexes the batch's keys: each SCO's own, then each unrevoked subject's, which are the
 * keys of the SCOs it carries (indexed now or before) and, for an indicator, its pattern's.
 * Returns the subjects' keys.
 */
async function indexKeys(index: CorrelationIndex): Promise<ObservableKeyEntry[]> {
  const entry = (v: (typeof index.versions)[number], subject: boolean, key: string): ObservableKeyEntry => ({
    seq: v.seq,
    stixId: v.stixId,
    creatorOrgId: v.creatorOrgId,
    subject,
    key,
  })
  const scoKeys = index.versions.flatMap((v) => observableKeys(v.object).map((key) => entry(v, false, key)))
  if (scoKeys.length) await index.addKeys(scoKeys)
  const subjects = index.versions.filter((v) => !v.revoked && isCorrelationSubject(v.object))
  const keysOfRef = await index.scoKeys([...new Set(subjects.flatMap((v) => carriedRefs(v.object)))])
  const subjectKeys: ObservableKeyEntry[] = []
  for (const v of subjects) {
    const keys = new Set(carriedRefs(v.object).flatMap((ref) => [...(keysOfRef.get(ref) ?? [])]))
    if (v.object.type === 'indicator' && typeof v.object.pattern === 'string')
      for (const k of patternObservableKeys(v.object.pattern)) keys.add(k)
    for (const key of keys) subjectKeys.push(entry(v, true, key))
  }
  if (subjectKeys.length) await index.addKeys(subjectKeys)
  return subjectKeys
}

/** The pairs of subjects of different parties sharing keys with the batch's subjects. */
async function matchesOf(index: CorrelationIndex, subjectKeys: readonly ObservableKeyEntry[]): Promise<Map<string, Match>> {
  const pairs = new Map<string, Match>()
  for (const k of subjectKeys) {
    for (const other of await index.subjectsSharing(k.key, k.stixId, k.creatorOrgId)) {
      const [a, b] = k.stixId < other ? [k.stixId, other] : [other, k.stixId]
      const pair = pairs.get(`${a} ${b}`) ?? { a, b, keys: new Set<string>() }
      pair.keys.add(k.key)
      pairs.set(`${a} ${b}`, pair)
    }
  }
  return pairs
}

/**
 * Indexes every object version added since the last run, by whatever path it came, and
 * tells each organisation that may see both objects of a match (the exchange's own
 * markings, applied in SQL to the organisation as a whole) in a notice. Runs as the system,
 * in batches, each in one transaction under the correlator's lock.
 *
 * @example
 * await correlateNew(deps) // { processed: 3, notices: 2 }
 */
export async function correlateNew(deps: Pick<CorrelationDeps, 'correlations' | 'clock' | 'random'>): Promise<{
  processed: number
  notices: number
}> {
  const total = { processed: 0, notices: 0 }
  for (;;) {
    const batch = await deps.correlations.indexBatch(BATCH, async (index) => {
      const pairs = [...(await matchesOf(index, await indexKeys(index))).values()]
      if (pairs.length === 0) return 0
      const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))]
      const now = deps.clock.now()
      let notices = 0
      for (const orgId of await index.organisations()) {
        const visible = await index.visible(organisationReader(orgId), ids)
        const raised: NewCorrelationNotice[] = pairs
          .filter((p) => visible.has(p.a) && visible.has(p.b))
          .map((p) => ({ id: deps.random.uuid(), orgId, objectA: p.a, objectB: p.b, keys: [...p.keys].sort(), createdAt: now }))
        if (raised.length === 0) continue
        notices += raised.length
        await index.raise(raised)
      }
      return notices
    })
    total.processed += batch.processed
    total.notices += batch.result
    if (batch.processed < BATCH) return total
  }
}
