import { type EnvelopeObject, type PostedObject, type StatusDetails, TaxiiTimestamp } from '@vigil/contracts'
import {
  type Actor,
  type Clock,
  readerOf,
  type TaxiiCollectionView,
  type TaxiiObjectVersion,
  type TaxiiStore,
  VigilError,
} from '@vigil/core'
import type { Kysely } from 'kysely'
import type { ExchangeStore } from '../exchange/exchange-store.js'
import { encodeCursor, readObjects, type StoredObject } from '../exchange/object-reads.js'
import { collectionGrantsTo } from '../exchange/visible-to.js'
import type { Database } from '../postgres/database-schema.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// TAXII's `version` is the object's own `modified` (or `created`) text, microseconds and all.
function versionOf(object: Readonly<Record<string, unknown>>, fallback: string): string {
  const v = object.modified ?? object.created
  // A refused object's timestamps may be anything; its status names it at the time of adding.
  return TaxiiTimestamp.safeParse(v).success ? (v as string) : fallback
}

function toVersion(o: StoredObject): TaxiiObjectVersion {
  return { id: o.stixId, version: versionOf(o.object, o.dateAdded), dateAdded: o.dateAdded, object: o.object as unknown as EnvelopeObject }
}

/**
 * TAXII over the exchange store: collections, reads, writes and deletes all go through
 * the exchange's own functions and SQL (`readObjects`, `addObjects`, `collectionGrantsTo`),
 * so TAXII is not a second way in. Revoked versions are served: a TAXII consumer must
 * learn that an object it pulled earlier was revoked.
 */
export function createTaxiiStore(db: Kysely<Database>, exchange: ExchangeStore, clock: Clock): TaxiiStore {
  // One query answers "which collections, and may the actor read or write each", with the
  // exchange's own grant predicate, so TAXII and the REST API decide alike.
  const views = async (actor: Actor, only?: string): Promise<TaxiiCollectionView[]> => {
    const reader = readerOf(actor)
    let q = db
      .selectFrom('exchange_collections as c')
      .select(['c.id', 'c.title', 'c.description'])
      .select(() => [collectionGrantsTo(reader, 'c', 'read').as('can_read'), collectionGrantsTo(reader, 'c', 'write').as('can_write')])
      .where((eb) =>
        eb.or([eb(collectionGrantsTo(reader, 'c', 'read'), '=', true), eb(collectionGrantsTo(reader, 'c', 'write'), '=', true)]),
      )
      .orderBy('c.title')
    if (only !== undefined) q = q.where('c.id', '=', only)
    const rows = await q.execute()
    return rows.map((r) => ({ id: r.id, title: r.title, description: r.description, canRead: r.can_read, canWrite: r.can_write }))
  }

  return {
    listCollections: (actor) => views(actor),

    async getCollection(actor, id) {
      // TAXII names collections by id only (the exchange also resolves titles, which TAXII must not).
      const [view] = UUID.test(id) ? await views(actor, id) : []
      if (!view) throw new VigilError('EXCHANGE_COLLECTION_NOT_FOUND', `no collection '${id}'`, { collection: id })
      return view
    },

    async readObjects(actor, collectionId, s) {
      const page = await readObjects(
        db,
        actor,
        {
          collectionId,
          ...(s.ids ? { ids: s.ids } : {}),
          ...(s.types ? { types: s.types } : {}),
          ...(s.addedAfter ? { addedAfter: s.addedAfter } : {}),
          versions: s.versions,
          includeRevoked: true,
        },
        { limit: s.limit, ...(s.next ? { after: s.next } : {}) },
        'taxii',
        clock.now(),
      )
      const last = page.objects.at(-1)
      return { versions: page.objects.map(toVersion), next: page.next, end: last ? encodeCursor(last.seq) : null }
    },

    async addObjects(actor, collectionId, objects) {
      const now = clock.now().toISOString()
      const result = await exchange.addObjects(actor, collectionId, objects)
      const failed = new Map(result.failures.map((f) => [f.index, f]))
      const detail = (o: PostedObject): StatusDetails => ({ id: o.id, version: versionOf(o, now) })
      const successes: StatusDetails[] = []
      const failures: StatusDetails[] = []
      objects.forEach((o, i) => {
        const failure = failed.get(i)
        if (!failure) successes.push(detail(o))
        else failures.push({ ...detail(o), message: failure.issues.map((x) => `${x.path} ${x.message}`).join('; ') })
      })
      return { successes, failures, pendings: [] }
    },

    deleteObject: (actor, collectionId, objectId, s) => exchange.deleteObjectVersions(actor, collectionId, objectId, s.versions),
  }
}
