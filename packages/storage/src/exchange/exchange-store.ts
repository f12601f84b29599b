import { randomUUID } from 'node:crypto'
import { IngestOptions, type IngestResult, type StixBundle } from '@vigil/contracts'
import { type Actor, type Clock, nonStandardMarkingRefs, type PreparedObject, prepareObjects, systemClock, VigilError } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { inTransaction } from '../postgres/in-transaction.js'
import { createCollectionStore } from './collection-store.js'
import { type ObjectFilter, type ObjectPageResult, type PageRequest, readObjects, type StoredObject } from './object-reads.js'

const INSERT_CHUNK = 1000
const EXPORT_PAGE = 5000
const HISTORY_LIMIT = 10_000

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

/**
 * The bundle indexes of `accepted` that would add a version to an object whose first
 * version another organisation shared in the collection. STIX 2.1 (§3.6) lets only an object's
 * creator version it; a writer may otherwise rewrite or revoke what a partner shared,
 * since readers see the newest version. The same version again changes nothing and is not
 * refused (observables, whose ids are their values, are shared by many). `writerOrgId`
 * null is the instance itself, which may version anything.
 */
async function versionsOfOthers(
  trx: Kysely<Database>,
  collectionId: string,
  accepted: readonly PreparedObject[],
  writerOrgId: string | null,
): Promise<Set<number>> {
  const refused = new Set<number>()
  if (writerOrgId === null) return refused
  for (let i = 0; i < accepted.length; i += INSERT_CHUNK) {
    const chunk = accepted.slice(i, i + INSERT_CHUNK)
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
    // Index probes per object, cheapest first: a re-post by its owner stops at the owner
    // test. The known-version test is a correlated subquery, not an anti-join, which
    // PostgreSQL would run as a hash over the whole collection for every chunk.
    const { rows } = await sql<{ idx: number }>`
      select v.idx from (values ${sql.join(values)}) v(idx, stix_id, version)
      join lateral (select e.creator_org_id from exchange_objects e
             where e.collection_id = ${collectionId} and e.stix_id = v.stix_id order by e.version, e.seq limit 1) first on true
      where first.creator_org_id is distinct from ${writerOrgId}::uuid
        and (select count(*) from exchange_objects e
             where e.collection_id = ${collectionId} and e.stix_id = v.stix_id and e.version = v.version) = 0`.execute(trx)
    for (const r of rows) refused.add(r.idx)
  }
  return refused
}

function notFound(id: string): VigilError {
  // One answer for "absent" and "not yours to see", so a refusal reveals nothing.
  return new VigilError('NOT_FOUND', `no object ${id}`, { id })
}

/**
 * The threat exchange's store: collections, sharing groups and STIX objects. Every read
 * goes through `readObjects`, which applies the TLP and collection rules inside its SQL;
 * every function takes the acting `Actor` (or null for an anonymous caller).
 *
 * @example
 * const store = createExchangeStore(db); await store.addObjects(actor, collectionId, bundle.objects)
 */
export function createExchangeStore(db: Kysely<Database>, clock: Clock = systemClock) {
  const collections = createCollectionStore(db)

  const assertKnown = async (table: 'orgs' | 'users', ids: readonly string[]) => {
    if (ids.length === 0) return
    const found = await db
      .selectFrom(table)
      .select('id')
      .where('id', 'in', [...ids])
      .execute()
    if (found.length !== new Set(ids).size)
      throw new VigilError('VALIDATION_FAILED', `a named recipient ${table === 'orgs' ? 'organisation' : 'user'} does not exist`)
  }

  const list = (actor: Actor | null, filter: ObjectFilter, page: PageRequest): Promise<ObjectPageResult> =>
    readObjects(db, actor, filter, page, 'list', clock.now())

  const get = async (
    actor: Actor | null,
    stixId: string,
    options: { readonly version?: string; readonly includeRevoked?: boolean } = {},
  ): Promise<StoredObject> => {
    const { objects } = await readObjects(
      db,
      actor,
      { ids: [stixId], versions: options.version ? [options.version] : 'last', includeRevoked: options.includeRevoked ?? false },
      { limit: 100 },
      'get',
      clock.now(),
    )
    // The same object may sit in several collections: the newest version wins, then the first added.
    const newest = [...objects].sort((a, b) => b.version.getTime() - a.version.getTime() || Number(a.seq) - Number(b.seq))[0]
    if (!newest) throw notFound(stixId)
    return newest
  }

  // The marking-definitions already stored that a bundle names, among those the writer may
  // read: a marking is resolved as its user sees it, and a hidden one stays unknown.
  const storedDefinitions = async (actor: Actor, values: readonly unknown[]) => {
    const ids = nonStandardMarkingRefs(values)
    if (ids.length === 0) return []
    const { objects } = await readObjects(
      db,
      actor,
      { ids, types: ['marking-definition'], versions: 'all', includeRevoked: true },
      { limit: HISTORY_LIMIT },
      'get',
      clock.now(),
    )
    return objects.map((s) => s.object)
  }

  return {
    ...collections,
    list,
    get,

    /**
     * Stores each valid object of `values` in the collection, as received; reports each
     * invalid one with its issues. The same version twice is stored once; an older version
     * is kept in the history and never replaces a newer one (reads pick the newest).
     */
    async addObjects(
      actor: Actor,
      collectionId: string,
      values: readonly unknown[],
      options: IngestOptions = {},
      // What the audit entry calls the change: a plain add, or a sighting withdrawn (sightings.ts).
      auditAction: 'exchange.objects.add' | 'exchange.sighting.withdraw' = 'exchange.objects.add',
    ): Promise<IngestResult> {
      const collection = await collections.requireWritable(actor, collectionId)
      const o = IngestOptions.parse(options)
      await assertKnown('orgs', o.recipientOrgIds)
      await assertKnown('users', o.recipientUserIds)
      const now = clock.now()
      const prepared = prepareObjects(values, o.tlp ?? collection.defaultTlp, await storedDefinitions(actor, values))
      const failures = [...prepared.failures]
      let accepted = prepared.accepted
      const recipientUsers = [...new Set([...o.recipientUserIds, ...(actor.kind === 'user' ? [actor.userId] : [])])]
      const recipientOrgs = [...new Set(o.recipientOrgIds)]
      const creatorOrgId = actor.kind === 'user' ? actor.orgId : null
      const addedBy = actor.kind === 'user' ? `user:${actor.userId}` : `system:${actor.name}`
      await inTransaction(db, async (trx) => {
        // After the collection's lock (nextDateAdded), so two writers cannot both add a first version.
        const firstAdded = await nextDateAdded(trx, collection.id, now)
        const others = await versionsOfOthers(trx, collection.id, accepted, creatorOrgId)
        if (others.size > 0) {
          const message = 'another organisation shared this object in the collection first; only it may add versions of it'
          failures.push(
            ...accepted
              .filter((a) => others.has(a.index))
              .map((p) => ({ index: p.index, id: p.object.id, issues: [{ path: '$.id', message }] })),
          )
          failures.sort((a, b) => a.index - b.index)
          accepted = accepted.filter((a) => !others.has(a.index))
        }
        for (let i = 0; i < accepted.length; i += INSERT_CHUNK) {
          const rows = accepted.slice(i, i + INSERT_CHUNK).map((p, j) => ({
            collection_id: collection.id,
            stix_id: p.object.id,
            stix_type: p.object.type,
            version: p.version,
            // One microsecond apart, after everything already in the collection: TAXII's
            // added_after is exclusive, so a shared date_added would let a resumed pull skip objects.
            date_added: sql<Date>`${firstAdded}::timestamptz + ${i + j} * interval '1 microsecond'`,
            revoked: p.revoked,
            tlp: p.tlp,
            tlp_source: p.tlpSource,
            creator_org_id: creatorOrgId,
            added_by: addedBy,
            recipient_org_ids: recipientOrgs,
            recipient_user_ids: recipientUsers,
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
        await appendAudit(
          trx,
          {
            actor,
            action: auditAction,
            target: { type: 'collection', id: collection.id },
            outcome: failures.length === 0 ? 'success' : 'failure',
            details: {
              accepted: accepted.length,
              refused: failures.length,
              tlp: o.tlp ?? null,
              recipientOrgIds: recipientOrgs,
              recipientUserIds: o.recipientUserIds,
            },
          },
          now,
        )
      })
      return {
        collectionId: collection.id,
        total: values.length,
        successCount: accepted.length,
        failureCount: failures.length,
        failures: [...failures],
      }
    },

    /** Every version of an object the actor may see, oldest first; NOT_FOUND when none. */
    async history(actor: Actor | null, stixId: string): Promise<StoredObject[]> {
      const { objects } = await readObjects(
        db,
        actor,
        { ids: [stixId], versions: 'all', includeRevoked: true },
        { limit: HISTORY_LIMIT },
        'history',
        clock.now(),
      )
      if (objects.length === 0) throw notFound(stixId)
      return [...objects].sort((a, b) => a.version.getTime() - b.version.getTime() || Number(a.seq) - Number(b.seq))
    },

    /** Relationships and sightings that point at an object the actor may see. */
    async relationships(actor: Actor | null, stixId: string, page: PageRequest): Promise<ObjectPageResult> {
      await get(actor, stixId)
      return readObjects(db, actor, { ref: stixId, types: ['relationship', 'sighting'] }, page, 'relationships', clock.now())
    },

    /** A STIX bundle of the newest version of every object of a collection the actor may see. */
    async exportBundle(
      actor: Actor,
      collectionId: string,
      filter: { readonly types?: readonly string[] } = {},
    ): Promise<StixBundle & { objects: unknown[] }> {
      const collection = await collections.getCollection(actor, collectionId)
      const objects: unknown[] = []
      let after: string | undefined
      do {
        const page = await readObjects(
          db,
          actor,
          { collectionId: collection.id, ...(filter.types ? { types: filter.types } : {}) },
          { limit: EXPORT_PAGE, ...(after ? { after } : {}) },
          'export',
          clock.now(),
        )
        objects.push(...page.objects.map((o) => o.object))
        after = page.next ?? undefined
      } while (after)
      return { type: 'bundle', id: `bundle--${randomUUID()}`, objects }
    },

    /**
     * How many object versions a collection stores (of the given types), whoever may read
     * them: for the operator's CLI to say why an export came out empty. Never for a route.
     */
    async storedObjectCount(collectionId: string, filter: { readonly types?: readonly string[] } = {}): Promise<number> {
      let q = db
        .selectFrom('exchange_objects')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('collection_id', '=', collectionId)
      if (filter.types?.length) q = q.where('stix_type', 'in', [...filter.types])
      return Number((await q.executeTakeFirst())?.n ?? 0)
    },
  }
}

/** The exchange store over one database. */
export type ExchangeStore = ReturnType<typeof createExchangeStore>
