import type { Collection, EnvelopeObject, StatusDetails } from '@vigil/contracts'
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
import { deleteObjectVersions } from '../exchange/delete-objects.js'
import type { ExchangeStore } from '../exchange/exchange-store.js'
import { encodeCursor, readObjects, type StoredObject } from '../exchange/object-reads.js'
import { collectionGrantsTo } from '../exchange/visible-to.js'
import type { Database } from '../postgres/database-schema.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// TAXII's `version` is the object's own `modified` (or `created`) text, microseconds and all.
function versionOf(object: Readonly<Record<string, unknown>>, fallback: string): string {
  const v = object.modified ?? object.created
  return typeof v === 'string' ? v : fallback
}

function toVersion(o: StoredObject): TaxiiObjectVersion {
  const dateAdded = o.dateAdded.toISOString()
  return { id: o.stixId, version: versionOf(o.object, dateAdded), dateAdded, object: o.object as unknown as EnvelopeObject }
}

/**
 * TAXII over the exchange store: collections, reads, writes and deletes all go through
 * the exchange's own functions and SQL (`readObjects`, `addObjects`, `collectionGrantsTo`),
 * so TAXII is not a second way in. Revoked versions are served: a TAXII consumer must
 * learn that an object it pulled earlier was revoked.
 */
export function createTaxiiStore(db: Kysely<Database>, exchange: ExchangeStore, clock: Clock): TaxiiStore {
  const views = async (actor: Actor, collections: readonly Collection[]): Promise<TaxiiCollectionView[]> => {
    if (collections.length === 0) return []
    const readable = new Set(
      (
        await db
          .selectFrom('exchange_collections as c')
          .select('c.id')
          .where(
            'c.id',
            'in',
            collections.map((c) => c.id),
          )
          .where(collectionGrantsTo(readerOf(actor), 'c', 'read'))
          .execute()
      ).map((r) => r.id),
    )
    return collections.map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
      canRead: readable.has(c.id),
      canWrite: c.canWrite,
    }))
  }

  return {
    listCollections: async (actor) => views(actor, await exchange.listCollections(actor)),

    async getCollection(actor, id) {
      // TAXII names collections by id only; the exchange also resolves titles, which TAXII must not.
      if (!UUID.test(id)) throw new VigilError('NOT_FOUND', `no collection '${id}'`, { collection: id })
      const [view] = await views(actor, [await exchange.getCollection(actor, id)])
      if (!view) throw new VigilError('NOT_FOUND', `no collection '${id}'`, { collection: id })
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
      const detail = (o: EnvelopeObject): StatusDetails => ({ id: o.id, version: versionOf(o, now) })
      const successes: StatusDetails[] = []
      const failures: StatusDetails[] = []
      objects.forEach((o, i) => {
        const failure = failed.get(i)
        if (!failure) successes.push(detail(o))
        else failures.push({ ...detail(o), message: failure.issues.map((x) => `${x.path} ${x.message}`).join('; ') })
      })
      return { successes, failures, pendings: [] }
    },

    deleteObject: (actor, collectionId, objectId, s) => deleteObjectVersions(db, clock, actor, collectionId, objectId, s.versions),
  }
}
