import type { ExchangeObjectStore, ExistingPosting, PreparedObject } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { inTransaction } from '../postgres/in-transaction.js'
import { readObjects } from './object-reads.js'

const INSERT_CHUNK = 1000

/**
 * The date_added of the next object added to a collection: now, or just after the newest
 * already there when that is later (clocks step back; a batch spans microseconds), so
 * date-added order is the order of adding. A transaction-scoped lock on the collection
 * keeps two concurrent adds from interleaving. Text, since a JS Date drops microseconds.
 */
async function nextDateAdded(trx: Kysely<Database>, collectionId: string, now: Date): Promise<string> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`exchange.collection:${collectionId}`}, 0))`.execute(trx)
  const { rows } = await sql<{ next: string }>`
    select greatest(${now}::timestamptz, coalesce(
      (select date_added + interval '1 microsecond' from exchange_objects where collection_id = ${collectionId} order by seq desc limit 1),
      ${now}::timestamptz))::text as next`.execute(trx)
  return (rows[0] as { next: string }).next
}

/** The incoming objects whose id the collection already holds: who shared the first version, and whether this one is there. */
async function existingPostings(
  trx: Kysely<Database>,
  collectionId: string,
  objects: readonly PreparedObject[],
): Promise<ExistingPosting[]> {
  const out: ExistingPosting[] = []
  for (let i = 0; i < objects.length; i += INSERT_CHUNK) {
    const chunk = objects.slice(i, i + INSERT_CHUNK)
    // Most of an import is new: one array probe finds the few ids already here.
    const here = await trx
      .selectFrom('exchange_objects')
      .select('stix_id')
      .distinct()
      .where('collection_id', '=', collectionId)
      .where('stix_id', '=', sql<string>`any(${[...new Set(chunk.map((p) => p.object.id))]}::text[])`)
      .execute()
    const known = new Set(here.map((r) => r.stix_id))
    const values = chunk
      .filter((p) => known.has(p.object.id))
      .map((p) => sql`(${p.index}::int, ${p.object.id}::text, ${p.version}::timestamptz)`)
    if (values.length === 0) continue
    // Index probes per object: the first posting, and whether this version is stored. The
    // version test is a correlated subquery, not an anti-join, which PostgreSQL would run as
    // a hash over the whole collection for every chunk.
    const { rows } = await sql<{ idx: number; first_creator: string | null; stored: boolean }>`
      select v.idx, first.creator_org_id as first_creator,
        exists (select 1 from exchange_objects e
             where e.collection_id = ${collectionId} and e.stix_id = v.stix_id and e.version = v.version) as stored
      from (values ${sql.join(values)}) v(idx, stix_id, version)
      join lateral (select e.creator_org_id from exchange_objects e
             where e.collection_id = ${collectionId} and e.stix_id = v.stix_id order by e.version, e.seq limit 1) first on true`.execute(
      trx,
    )
    for (const r of rows) out.push({ index: Number(r.idx), firstCreatorOrgId: r.first_creator, versionStored: r.stored })
  }
  return out
}

/**
 * The exchange's object port over one database: reads through `readObjects` (the markings
 * in SQL), and writes of versions under the collection's lock with their audit entry in
 * the same transaction.
 *
 * @example
 * const objects = createExchangeObjectStore(db); await objects.read(actor, { types: ['campaign'] }, { limit: 50 }, 'list', now)
 */
export function createExchangeObjectStore(db: Kysely<Database>): ExchangeObjectStore {
  return {
    read: (actor, filter, page, via, now) => readObjects(db, actor, filter, page, via, now),

    async existing(kind, ids) {
      if (ids.length === 0) return new Set()
      const rows = await db
        .selectFrom(kind === 'org' ? 'orgs' : 'users')
        .select('id')
        .where('id', 'in', [...ids])
        .execute()
      return new Set(rows.map((r) => r.id))
    },

    async addVersions(collectionId, objects, writer, refuse, audit, now) {
      return inTransaction(db, async (trx) => {
        // After the collection's lock (nextDateAdded), so two writers cannot both add a first version.
        const firstAdded = await nextDateAdded(trx, collectionId, now)
        const refused = refuse(await existingPostings(trx, collectionId, objects))
        const accepted = objects.filter((o) => !refused.has(o.index))
        for (let i = 0; i < accepted.length; i += INSERT_CHUNK) {
          const rows = accepted.slice(i, i + INSERT_CHUNK).map((p, j) => ({
            collection_id: collectionId,
            stix_id: p.object.id,
            stix_type: p.object.type,
            version: p.version,
            // One microsecond apart, after everything already in the collection: TAXII's
            // added_after is exclusive, so a shared date_added would let a resumed pull skip objects.
            date_added: sql<Date>`${firstAdded}::timestamptz + ${i + j} * interval '1 microsecond'`,
            revoked: p.revoked,
            tlp: p.tlp,
            tlp_source: p.tlpSource,
            creator_org_id: writer.creatorOrgId,
            added_by: writer.addedBy,
            recipient_org_ids: [...writer.recipientOrgIds],
            recipient_user_ids: [...writer.recipientUserIds],
            source_ref: p.sourceRef,
            target_ref: p.targetRef,
            observable: p.observable,
            search_text: p.searchText,
            object: JSON.stringify(p.object),
          }))
          await trx
            .insertInto('exchange_objects')
            .values(rows)
            .onConflict((oc) => oc.constraint('exchange_objects_posting').doNothing())
            .execute()
        }
        await appendAudit(trx, audit(refused), now)
        return refused
      })
    },

    async orgNames(ids) {
      if (ids.length === 0) return new Map()
      const rows = await db
        .selectFrom('orgs')
        .select(['id', 'name'])
        .where('id', 'in', [...ids])
        .execute()
      return new Map(rows.map((o) => [o.id, o.name]))
    },

    async deleteVersions(seqs, audit, now) {
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('exchange_objects')
          .where('seq', 'in', [...seqs])
          .execute()
        await appendAudit(trx, audit, now)
      })
    },

    async storedCount(collectionId, types) {
      let q = db
        .selectFrom('exchange_objects')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('collection_id', '=', collectionId)
      if (types?.length) q = q.where('stix_type', 'in', [...types])
      return Number((await q.executeTakeFirst())?.n ?? 0)
    },
  }
}
