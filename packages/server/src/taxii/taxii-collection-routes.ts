import { randomUUID } from 'node:crypto'
import { Manifest, STIX_MEDIA_TYPE, TaxiiCollection, TaxiiCollections, TaxiiStatus, Versions } from '@vigil/contracts'
import {
  buildTaxiiStatus,
  type Clock,
  requireThat,
  statusOwnerOf,
  type TaxiiCollectionView,
  type TaxiiObjectVersion,
  type TaxiiStatusStore,
  type TaxiiStore,
  VigilError,
} from '@vigil/core'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'
import { parseEnvelope } from './parse-envelope.js'
import { selectionOf, TaxiiObjectsQuerystring } from './taxii-query.js'

export interface TaxiiCollectionDeps {
  readonly store: TaxiiStore
  readonly statuses: TaxiiStatusStore
  readonly clock: Clock
}

const CollectionParams = z.object({ collectionId: z.string().min(1).max(200) })
const ObjectParams = CollectionParams.extend({ objectId: z.string().min(1).max(300) })
const read = { permission: 'exchange:read' as const }
const write = { permission: 'exchange:write' as const }
const tags = ['taxii']

function toTaxiiCollection(c: TaxiiCollectionView): TaxiiCollection {
  return {
    id: c.id,
    title: c.title,
    ...(c.description ? { description: c.description } : {}),
    can_read: c.canRead,
    can_write: c.canWrite,
    media_types: [STIX_MEDIA_TYPE],
  }
}

const noSuchObject = (id: string) => new VigilError('EXCHANGE_OBJECT_NOT_FOUND', `no object ${id} in this collection`, { id })

// TAXII 2.1 §3.4.2: the date-added range of the page, so a client can resume with added_after.
function setDateAddedHeaders(reply: FastifyReply, versions: readonly TaxiiObjectVersion[]): void {
  const first = versions[0]
  const last = versions.at(-1)
  if (first && last) reply.header('x-taxii-date-added-first', first.dateAdded).header('x-taxii-date-added-last', last.dateAdded)
}

/** Collections, objects, object versions and the manifest of one API root (TAXII 2.1 §5). */
export function taxiiCollectionRoutes(root: string, deps: TaxiiCollectionDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const readable = async (actor: Parameters<TaxiiStore['getCollection']>[0], id: string) => {
      const collection = await deps.store.getCollection(actor, id)
      requireThat(collection.canRead, `this account may not read collection '${collection.title}'`, { collection: collection.id })
      return collection
    }
    const page = async (
      actor: Parameters<TaxiiStore['getCollection']>[0],
      collectionId: string,
      query: TaxiiObjectsQuerystring,
      objectId?: string,
    ) => {
      await readable(actor, collectionId)
      const selection = selectionOf(query)
      const result = selection.anySpecVersion
        ? await deps.store.readObjects(actor, collectionId, objectId === undefined ? selection : { ...selection, ids: [objectId] })
        : { versions: [], next: null, end: null }
      // An object the caller cannot see answers exactly like one that does not exist.
      if (objectId !== undefined && result.versions.length === 0 && !selection.next) throw noSuchObject(objectId)
      return result
    }

    app.get(`${root}collections/`, { config: read, schema: { tags, response: { 200: TaxiiCollections } } }, async (request) => ({
      collections: (await deps.store.listCollections(actorOf(request))).map(toTaxiiCollection),
    }))

    app.get(
      `${root}collections/:collectionId/`,
      { config: read, schema: { tags, params: CollectionParams, response: { 200: TaxiiCollection } } },
      async (request) => toTaxiiCollection(await deps.store.getCollection(actorOf(request), request.params.collectionId)),
    )

    app.get(
      `${root}collections/:collectionId/objects/`,
      { config: read, schema: { tags, params: CollectionParams, querystring: TaxiiObjectsQuerystring } },
      async (request, reply) => {
        const result = await page(actorOf(request), request.params.collectionId, request.query)
        setDateAddedHeaders(reply, result.versions)
        return { more: result.next !== null, ...(result.next ? { next: result.next } : {}), objects: result.versions.map((v) => v.object) }
      },
    )

    app.post(
      `${root}collections/:collectionId/objects/`,
      { config: write, schema: { tags, params: CollectionParams, response: { 202: TaxiiStatus } } },
      async (request, reply) => {
        const actor = actorOf(request)
        const requestedAt = deps.clock.now()
        const collection = await deps.store.getCollection(actor, request.params.collectionId)
        requireThat(collection.canWrite, `this account may not add objects to collection '${collection.title}'`, {
          collection: collection.id,
        })
        const objects = parseEnvelope(request.body).objects ?? []
        const outcome = await deps.store.addObjects(actor, collection.id, objects)
        const status = buildTaxiiStatus(randomUUID(), requestedAt, outcome)
        await deps.statuses.save(status, { ...statusOwnerOf(actor), collectionId: collection.id })
        return reply.status(202).send(status)
      },
    )

    app.get(
      `${root}collections/:collectionId/objects/:objectId/`,
      { config: read, schema: { tags, params: ObjectParams, querystring: TaxiiObjectsQuerystring } },
      async (request, reply) => {
        const { collectionId, objectId } = request.params
        const result = await page(actorOf(request), collectionId, request.query, objectId)
        setDateAddedHeaders(reply, result.versions)
        return { more: result.next !== null, ...(result.next ? { next: result.next } : {}), objects: result.versions.map((v) => v.object) }
      },
    )

    app.delete(
      `${root}collections/:collectionId/objects/:objectId/`,
      { config: write, schema: { tags, params: ObjectParams, querystring: TaxiiObjectsQuerystring } },
      async (request, reply) => {
        const actor = actorOf(request)
        const { collectionId, objectId } = request.params
        const collection = await readable(actor, collectionId)
        requireThat(collection.canWrite, `this account may not delete from collection '${collection.title}'`, { collection: collection.id })
        // TAXII 2.1 §5.8: without match[version], every version of the object goes.
        const selection = { ...selectionOf(request.query, { versions: 'all' }), ids: [objectId] }
        if ((await deps.store.deleteObject(actor, collection.id, objectId, selection)) === 0) throw noSuchObject(objectId)
        return reply.status(200).send()
      },
    )

    app.get(
      `${root}collections/:collectionId/objects/:objectId/versions/`,
      { config: read, schema: { tags, params: ObjectParams, querystring: TaxiiObjectsQuerystring, response: { 200: Versions } } },
      async (request, reply) => {
        const { collectionId, objectId } = request.params
        await readable(actorOf(request), collectionId)
        const selection = { ...selectionOf({ ...request.query, 'match[version]': ['all'] }), ids: [objectId] }
        const result = selection.anySpecVersion
          ? await deps.store.readObjects(actorOf(request), collectionId, selection)
          : { versions: [], next: null, end: null }
        if (result.versions.length === 0 && !selection.next) throw noSuchObject(objectId)
        setDateAddedHeaders(reply, result.versions)
        return { more: result.next !== null, versions: result.versions.map((v) => v.version) }
      },
    )

    app.get(
      `${root}collections/:collectionId/manifest/`,
      { config: read, schema: { tags, params: CollectionParams, querystring: TaxiiObjectsQuerystring, response: { 200: Manifest } } },
      async (request, reply) => {
        const result = await page(actorOf(request), request.params.collectionId, request.query)
        setDateAddedHeaders(reply, result.versions)
        return {
          more: result.next !== null,
          ...(result.next ? { next: result.next } : {}),
          objects: result.versions.map((v) => ({ id: v.id, date_added: v.dateAdded, version: v.version, media_type: STIX_MEDIA_TYPE })),
        }
      },
    )
  }
}
