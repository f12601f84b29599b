import { randomUUID } from 'node:crypto'
import type { CorrelationNotice, StixObject } from '@vigil/contracts'
import {
  type Actor,
  type Clock,
  carriedRefs,
  isCorrelationSubject,
  observableKeys,
  patternObservableKeys,
  type Reader,
  readerOf,
  systemClock,
  VigilError,
} from '@vigil/core'
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { visibleTo } from './visible-to.js'

const BATCH = 2000

interface KeyRow {
  seq: string
  stix_id: string
  creator_org_id: string | null
  subject: boolean
  key: string
}

/**
 * The SQL condition that the object `stixId` is visible to `reader` and not revoked in what
 * it sees: the exchange store's own rule (`visibleTo`), applied to every version.
 */
export function objectVisibleTo(reader: Reader, stixId: RawBuilder<unknown> | string): RawBuilder<SqlBool> {
  const id = typeof stixId === 'string' ? sql`${stixId}` : stixId
  return sql<SqlBool>`(exists (select 1 from exchange_objects v where v.stix_id = ${id} and ${visibleTo(reader, 'v')})
    and not exists (select 1 from exchange_objects r where r.stix_id = ${id} and r.revoked and ${visibleTo(reader, 'r')}))`
}

/**
 * An organisation as a whole, as the access rules see it: a member with no user id, so
 * RED objects (named users only) are never visible to it and never correlated.
 */
function orgReader(orgId: string): Reader {
  return { kind: 'member', orgId, userId: '' }
}

async function keyRowsOf(
  trx: Transaction<Database>,
  rows: readonly { seq: string; stix_id: string; creator_org_id: string | null; object: StixObject; revoked: boolean }[],
): Promise<KeyRow[]> {
  const scoKeys: KeyRow[] = []
  for (const r of rows) {
    for (const key of observableKeys(r.object))
      scoKeys.push({ seq: r.seq, stix_id: r.stix_id, creator_org_id: r.creator_org_id, subject: false, key })
  }
  if (scoKeys.length)
    await trx
      .insertInto('exchange_observable_keys')
      .values(scoKeys)
      .onConflict((oc) => oc.doNothing())
      .execute()
  const subjects = rows.filter((r) => !r.revoked && isCorrelationSubject(r.object))
  const refs = [...new Set(subjects.flatMap((r) => carriedRefs(r.object)))]
  const keysOfRef = new Map<string, Set<string>>()
  for (let i = 0; i < refs.length; i += 5000) {
    const found = await trx
      .selectFrom('exchange_observable_keys')
      .select(['stix_id', 'key'])
      .where('subject', '=', false)
      .where('stix_id', 'in', refs.slice(i, i + 5000))
      .execute()
    for (const f of found) keysOfRef.set(f.stix_id, (keysOfRef.get(f.stix_id) ?? new Set()).add(f.key))
  }
  const subjectKeys: KeyRow[] = []
  for (const r of subjects) {
    const keys = new Set(carriedRefs(r.object).flatMap((ref) => [...(keysOfRef.get(ref) ?? [])]))
    if (r.object.type === 'indicator' && typeof r.object.pattern === 'string')
      for (const k of patternObservableKeys(r.object.pattern)) keys.add(k)
    for (const key of keys) subjectKeys.push({ seq: r.seq, stix_id: r.stix_id, creator_org_id: r.creator_org_id, subject: true, key })
  }
  if (subjectKeys.length)
    await trx
      .insertInto('exchange_observable_keys')
      .values(subjectKeys)
      .onConflict((oc) => oc.doNothing())
      .execute()
  return subjectKeys
}

/** Pairs of objects of different organisations sharing keys, as `a < b` with their keys. */
async function matchesOf(
  trx: Transaction<Database>,
  subjectKeys: readonly KeyRow[],
): Promise<Map<string, { a: string; b: string; keys: Set<string> }>> {
  const pairs = new Map<string, { a: string; b: string; keys: Set<string> }>()
  for (const k of subjectKeys) {
    const others = await trx
      .selectFrom('exchange_observable_keys')
      .select(['stix_id'])
      .distinct()
      .where('subject', '=', true)
      .where('key', '=', k.key)
      .where('stix_id', '<>', k.stix_id)
      .where(sql<SqlBool>`creator_org_id is distinct from ${k.creator_org_id}`)
      .execute()
    for (const o of others) {
      const [a, b] = k.stix_id < o.stix_id ? [k.stix_id, o.stix_id] : [o.stix_id, k.stix_id]
      const pair = pairs.get(`${a} ${b}`) ?? { a, b, keys: new Set<string>() }
      pairs.set(`${a} ${b}`, { ...pair, keys: pair.keys.add(k.key) })
    }
  }
  return pairs
}

function toNotice(r: {
  id: string
  object_a: string
  object_b: string
  keys: string[]
  created_at: Date
  dismissed_at: Date | null
}): CorrelationNotice {
  return {
    id: r.id as CorrelationNotice['id'],
    objects: [r.object_a, r.object_b],
    observables: [...r.keys].sort(),
    createdAt: r.created_at.toISOString(),
    dismissedAt: r.dismissed_at ? r.dismissed_at.toISOString() : null,
  }
}

/**
 * Correlation: the observable index, and the notices it raises. `correlateNew` indexes every
 * object version not yet looked at and tells each organisation that may see both objects of
 * a match (the exchange store's access rules, `visibleTo`); reads re-check both objects'
 * visibility, so a notice disappears when a marking or grant no longer allows one of them.
 *
 * @example
 * const correlations = createCorrelationStore(db); await correlations.correlateNew(); await correlations.list(actor, {})
 */
export function createCorrelationStore(db: Kysely<Database>, clock: Clock = systemClock) {
  async function correlateBatch(): Promise<{ processed: number; notices: number }> {
    return db.transaction().execute(async (trx) => {
      // One correlator at a time: two runs must not both index the same new rows.
      await sql`lock table exchange_correlated in exclusive mode`.execute(trx)
      const rows = await trx
        .selectFrom('exchange_objects as o')
        .select(['o.seq', 'o.stix_id', 'o.creator_org_id', 'o.object', 'o.revoked'])
        .where(sql<SqlBool>`not exists (select 1 from exchange_correlated c where c.seq = o.seq)`)
        .orderBy('o.seq')
        .limit(BATCH)
        .execute()
      if (rows.length === 0) return { processed: 0, notices: 0 }
      const typed = rows.map((r) => ({ ...r, seq: String(r.seq), object: r.object as StixObject }))
      const pairs = await matchesOf(trx, await keyRowsOf(trx, typed))
      let notices = 0
      if (pairs.size > 0) {
        const ids = [...new Set([...pairs.values()].flatMap((p) => [p.a, p.b]))]
        const orgs = await trx.selectFrom('orgs').select('id').execute()
        const now = clock.now()
        for (const org of orgs) {
          const visible = new Set(
            (
              await trx
                .selectFrom('exchange_objects as o')
                .select('o.stix_id')
                .distinct()
                .where('o.stix_id', 'in', ids)
                .where(objectVisibleTo(orgReader(org.id), sql.ref('o.stix_id')))
                .execute()
            ).map((r) => r.stix_id),
          )
          const rowsForOrg = [...pairs.values()]
            .filter((p) => visible.has(p.a) && visible.has(p.b))
            .map((p) => ({ id: randomUUID(), org_id: org.id, object_a: p.a, object_b: p.b, keys: [...p.keys].sort(), created_at: now }))
          if (rowsForOrg.length === 0) continue
          notices += rowsForOrg.length
          await trx
            .insertInto('exchange_correlation_notices')
            .values(rowsForOrg)
            .onConflict((oc) =>
              oc.columns(['org_id', 'object_a', 'object_b']).doUpdateSet({
                keys: sql`(select array_agg(distinct k order by k) from unnest(exchange_correlation_notices.keys || excluded.keys) as k)`,
              }),
            )
            .execute()
        }
      }
      await trx
        .insertInto('exchange_correlated')
        .values(typed.map((r) => ({ seq: r.seq })))
        .execute()
      return { processed: rows.length, notices }
    })
  }

  return {
    /** Indexes every object version added since the last run and raises its notices. */
    async correlateNew(): Promise<{ processed: number; notices: number }> {
      const total = { processed: 0, notices: 0 }
      for (;;) {
        const batch = await correlateBatch()
        total.processed += batch.processed
        total.notices += batch.notices
        if (batch.processed < BATCH) return total
      }
    },

    /** The actor's organisation's notices whose two objects it may still see, newest first. */
    async list(
      actor: Actor,
      query: { readonly includeDismissed?: boolean; readonly object?: string; readonly limit?: number },
    ): Promise<CorrelationNotice[]> {
      if (actor.kind !== 'user') return []
      const reader = readerOf(actor)
      let q = db
        .selectFrom('exchange_correlation_notices as n')
        .select(['n.id', 'n.object_a', 'n.object_b', 'n.keys', 'n.created_at', 'n.dismissed_at'])
        .where('n.org_id', '=', actor.orgId)
        .where(objectVisibleTo(reader, sql.ref('n.object_a')))
        .where(objectVisibleTo(reader, sql.ref('n.object_b')))
      if (!query.includeDismissed) q = q.where('n.dismissed_at', 'is', null)
      if (query.object) {
        const id = query.object
        q = q.where((eb) => eb.or([eb('n.object_a', '=', id), eb('n.object_b', '=', id)]))
      }
      const rows = await q
        .orderBy('n.created_at', 'desc')
        .orderBy('n.id')
        .limit(query.limit ?? 100)
        .execute()
      return rows.map(toNotice)
    },

    /** Dismisses one of the actor's organisation's notices; NOT_FOUND for anyone else's. */
    async dismiss(actor: Actor, id: string): Promise<CorrelationNotice> {
      if (actor.kind !== 'user') throw new VigilError('NOT_FOUND', `no correlation notice ${id}`)
      const now = clock.now()
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('exchange_correlation_notices')
          .set({ dismissed_at: sql`coalesce(dismissed_at, ${now})`, dismissed_by: sql`coalesce(dismissed_by, ${actor.userId})` })
          .where('id', '=', id)
          .where('org_id', '=', actor.orgId)
          .returning(['id', 'object_a', 'object_b', 'keys', 'created_at', 'dismissed_at'])
          .executeTakeFirst()
        if (!row) throw new VigilError('NOT_FOUND', `no correlation notice ${id}`)
        await appendAudit(
          trx,
          { actor, action: 'exchange.correlation.dismiss', target: { type: 'correlation-notice', id }, outcome: 'success', details: {} },
          now,
        )
        return toNotice(row)
      })
    },
  }
}

/** The correlation store over one database. */
export type CorrelationStore = ReturnType<typeof createCorrelationStore>
