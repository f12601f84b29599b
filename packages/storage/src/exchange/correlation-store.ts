import type { CorrelationNotice, StixObject } from '@vigil/contracts'
import { type CorrelationIndex, type CorrelationStore, type ObservableKeyEntry, type Reader, readerOf } from '@vigil/core'
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { visibleTo } from './visible-to.js'

/**
 * The SQL condition that the object `stixId` is visible to `reader` and not revoked in what
 * it sees: the exchange store's own rule (`visibleTo`), applied to every version.
 */
function objectVisibleTo(reader: Reader, stixId: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`(exists (select 1 from exchange_objects v where v.stix_id = ${stixId} and ${visibleTo(reader, 'v')})
    and not exists (select 1 from exchange_objects r where r.stix_id = ${stixId} and r.revoked and ${visibleTo(reader, 'r')}))`
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

const IN_LIST = 5000

/**
 * The correlation index over one transaction: SQL only; what to index and whom to tell is
 * core's (`correlateNew`).
 */
function correlationIndex(trx: Kysely<Database>, versions: CorrelationIndex['versions']): CorrelationIndex {
  return {
    versions,
    async addKeys(entries: readonly ObservableKeyEntry[]) {
      await trx
        .insertInto('exchange_observable_keys')
        .values(entries.map((e) => ({ seq: e.seq, stix_id: e.stixId, creator_org_id: e.creatorOrgId, subject: e.subject, key: e.key })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    },
    async scoKeys(stixIds) {
      const keys = new Map<string, Set<string>>()
      for (let i = 0; i < stixIds.length; i += IN_LIST) {
        const found = await trx
          .selectFrom('exchange_observable_keys')
          .select(['stix_id', 'key'])
          .where('subject', '=', false)
          .where('stix_id', 'in', stixIds.slice(i, i + IN_LIST))
          .execute()
        for (const f of found) keys.set(f.stix_id, (keys.get(f.stix_id) ?? new Set()).add(f.key))
      }
      return keys
    },
    async subjectsSharing(key, stixId, creatorOrgId) {
      const others = await trx
        .selectFrom('exchange_observable_keys')
        .select(['stix_id'])
        .distinct()
        .where('subject', '=', true)
        .where('key', '=', key)
        .where('stix_id', '<>', stixId)
        .where(sql<SqlBool>`creator_org_id is distinct from ${creatorOrgId}`)
        .execute()
      return others.map((o) => o.stix_id)
    },
    async organisations() {
      return (await trx.selectFrom('orgs').select('id').execute()).map((o) => o.id)
    },
    async visible(reader, stixIds) {
      const rows = await trx
        .selectFrom('exchange_objects as o')
        .select('o.stix_id')
        .distinct()
        .where('o.stix_id', 'in', [...stixIds])
        .where(objectVisibleTo(reader, sql.ref('o.stix_id')))
        .execute()
      return new Set(rows.map((r) => r.stix_id))
    },
    async raise(notices) {
      await trx
        .insertInto('exchange_correlation_notices')
        .values(
          notices.map((n) => ({
            id: n.id,
            org_id: n.orgId,
            object_a: n.objectA,
            object_b: n.objectB,
            keys: [...n.keys],
            created_at: n.createdAt,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['org_id', 'object_a', 'object_b']).doUpdateSet({
            keys: sql`(select array_agg(distinct k order by k) from unnest(exchange_correlation_notices.keys || excluded.keys) as k)`,
          }),
        )
        .execute()
    },
  }
}

/**
 * Correlation's store: the observable index (`exchange_observable_keys`, versions looked at
 * in `exchange_correlated`) and the notices. Notice reads re-check both objects'
 * visibility with the reader's `visibleTo`, so a notice disappears when a marking or grant
 * no longer allows one of them.
 *
 * @example
 * await correlateNew({ correlations: createCorrelationStore(db), clock, random })
 */
export function createCorrelationStore(db: Kysely<Database>): CorrelationStore {
  return {
    indexBatch(limit, index) {
      return db.transaction().execute(async (trx) => {
        await sql`lock table exchange_correlated in exclusive mode`.execute(trx)
        const rows = await trx
          .selectFrom('exchange_objects as o')
          .select(['o.seq', 'o.stix_id', 'o.creator_org_id', 'o.object', 'o.revoked'])
          .where(sql<SqlBool>`not exists (select 1 from exchange_correlated c where c.seq = o.seq)`)
          .orderBy('o.seq')
          .limit(limit)
          .execute()
        const versions = rows.map((r) => ({
          seq: String(r.seq),
          stixId: r.stix_id,
          creatorOrgId: r.creator_org_id,
          revoked: r.revoked,
          object: r.object as StixObject,
        }))
        const result = await index(correlationIndex(trx, versions))
        if (versions.length > 0)
          await trx
            .insertInto('exchange_correlated')
            .values(versions.map((v) => ({ seq: v.seq })))
            .execute()
        return { processed: versions.length, result }
      })
    },

    async listNotices(actor, query) {
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

    dismiss(orgId, userId, id, audit, now) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('exchange_correlation_notices')
          .set({ dismissed_at: sql`coalesce(dismissed_at, ${now})`, dismissed_by: sql`coalesce(dismissed_by, ${userId})` })
          .where('id', '=', id)
          .where('org_id', '=', orgId)
          .returning(['id', 'object_a', 'object_b', 'keys', 'created_at', 'dismissed_at'])
          .executeTakeFirst()
        if (!row) return undefined
        await appendAudit(trx, audit, now)
        return toNotice(row)
      })
    },
  }
}
