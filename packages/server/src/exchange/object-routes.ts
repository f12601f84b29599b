import { ObjectEntry, ObjectPage, ObjectQuery, StixId } from '@vigil/contracts'
import type { ExchangeStore } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'
import { toObjectEntry } from './object-entry.js'

const IdParams = z.object({ id: StixId })
const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), cursor: z.string().max(100).optional() })

/**
 * `/api/v1/objects`: search, get, history and relationships. Each handler is one store
 * call with the caller's actor; the store applies the markings, so none is checked here.
 */
export function objectRoutes(store: ExchangeStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/objects',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: 'Search the objects the caller may see',
          querystring: ObjectQuery,
          response: { 200: ObjectPage },
        },
      },
      async (request) => {
        const q = request.query
        const page = await store.list(
          actorOf(request),
          {
            ...(q.type ? { types: q.type } : {}),
            ...(q.id ? { ids: q.id } : {}),
            ...(q.tlp ? { tlps: q.tlp } : {}),
            ...(q.collection ? { collectionId: q.collection } : {}),
            ...(q.creator_org ? { creatorOrgId: q.creator_org } : {}),
            ...(q.added_after ? { addedAfter: q.added_after } : {}),
            ...(q.modified_after ? { modifiedAfter: new Date(q.modified_after) } : {}),
            ...(q.modified_before ? { modifiedBefore: new Date(q.modified_before) } : {}),
            ...(q.q ? { text: q.q } : {}),
            ...(q.observable ? { observable: q.observable } : {}),
            includeRevoked: q.include_revoked,
          },
          { limit: q.limit, ...(q.cursor ? { after: q.cursor } : {}) },
        )
        return { objects: page.objects.map(toObjectEntry), next: page.next }
      },
    )

    app.get(
      '/api/v1/objects/:id',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: 'The newest version of an object the caller may see',
          params: IdParams,
          querystring: z.object({ version: z.iso.datetime().optional(), include_revoked: z.stringbool().default(false) }),
          response: { 200: ObjectEntry },
        },
      },
      async (request) =>
        toObjectEntry(
          await store.get(actorOf(request), request.params.id, {
            ...(request.query.version ? { version: request.query.version } : {}),
            includeRevoked: request.query.include_revoked,
          }),
        ),
    )

    app.get(
      '/api/v1/objects/:id/history',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: 'Every version of an object the caller may see',
          params: IdParams,
          response: { 200: z.object({ versions: z.array(ObjectEntry) }) },
        },
      },
      async (request) => ({ versions: (await store.history(actorOf(request), request.params.id)).map(toObjectEntry) }),
    )

    app.get(
      '/api/v1/objects/:id/relationships',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: 'Relationships and sightings of an object',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: ObjectPage },
        },
      },
      async (request) => {
        const { limit, cursor } = request.query
        const page = await store.relationships(actorOf(request), request.params.id, { limit, ...(cursor ? { after: cursor } : {}) })
        return { objects: page.objects.map(toObjectEntry), next: page.next }
      },
    )
  }
}
