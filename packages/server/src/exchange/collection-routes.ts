import multipart from '@fastify/multipart'
import {
  Collection,
  CollectionGrantsInput,
  CollectionInput,
  CollectionPatch,
  commaList,
  IngestResult,
  MispEventFile,
  MispImportResult,
  OrgId,
  SharingGroup,
  SharingGroupInput,
  StixBundle,
  StixTypeName,
  Tlp,
  UserId,
} from '@vigil/contracts'
import { parseInput, VigilError } from '@vigil/core'
import { type ExchangeStore, importMispEvent } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'
import { installJsonBodies, parseJsonBody } from '../http/json-body.js'

const CollectionParams = z.object({ id: z.uuid() })
const IngestQuery = z.object({
  tlp: Tlp.optional(),
  recipient_orgs: commaList(OrgId).optional(),
  recipient_users: commaList(UserId).optional(),
})
const STIX_MEDIA_TYPES = ['application/stix+json', 'application/taxii+json']
// Fastify's own default, for an app built without one.
const DEFAULT_BODY_LIMIT = 1024 * 1024

/** A bundle's objects, or one clear error when the upload is not a STIX bundle. */
function bundleObjects(value: unknown): unknown[] {
  return parseInput(StixBundle, value, { path: 'json-path', prefix: 'not a STIX 2.1 bundle: ' }).objects ?? []
}

/** `/api/v1/collections` and `/api/v1/sharing-groups`: who reads and writes what; import and export. */
export function collectionRoutes(store: ExchangeStore, now: () => Date): FastifyPluginAsyncZod {
  return async (app) => {
    const bodyLimit = app.initialConfig.bodyLimit ?? DEFAULT_BODY_LIMIT
    await app.register(multipart, { limits: { files: 1, fileSize: bodyLimit } })
    installJsonBodies(app, STIX_MEDIA_TYPES)

    app.get(
      '/api/v1/collections',
      {
        config: { permission: 'exchange:read' },
        schema: { tags: ['exchange'], summary: 'Collections the caller may read or write', response: { 200: z.array(Collection) } },
      },
      async (request) => store.listCollections(actorOf(request)),
    )
    app.post(
      '/api/v1/collections',
      {
        config: { permission: 'instance:admin' },
        schema: { tags: ['exchange'], summary: 'Create a collection', body: CollectionInput, response: { 201: Collection } },
      },
      async (request, reply) => reply.status(201).send(await store.createCollection(actorOf(request), request.body, now())),
    )
    app.get(
      '/api/v1/collections/:id',
      {
        config: { permission: 'exchange:read' },
        schema: { tags: ['exchange'], summary: 'One collection', params: CollectionParams, response: { 200: Collection } },
      },
      async (request) => store.getCollection(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/v1/collections/:id',
      {
        config: { permission: 'instance:admin' },
        schema: {
          tags: ['exchange'],
          summary: "Change a collection's title, description or default TLP (for objects added from now on)",
          params: CollectionParams,
          body: CollectionPatch,
          response: { 200: Collection },
        },
      },
      async (request) => store.updateCollection(actorOf(request), request.params.id, request.body, now()),
    )
    app.put(
      '/api/v1/collections/:id/grants',
      {
        config: { permission: 'instance:admin' },
        schema: {
          tags: ['exchange'],
          summary: 'Replace who may read and write a collection',
          params: CollectionParams,
          body: CollectionGrantsInput,
          response: { 200: Collection },
        },
      },
      async (request) => store.setCollectionGrants(actorOf(request), request.params.id, request.body, now()),
    )

    const ingest = (
      request: { params: { id: string }; query: z.infer<typeof IngestQuery> },
      actor: Parameters<ExchangeStore['addObjects']>[0],
      objects: unknown[],
    ) =>
      store.addObjects(actor, request.params.id, objects, {
        ...(request.query.tlp ? { tlp: request.query.tlp } : {}),
        recipientOrgIds: request.query.recipient_orgs ?? [],
        recipientUserIds: request.query.recipient_users ?? [],
      })
    app.post(
      '/api/v1/collections/:id/objects',
      {
        config: { permission: 'exchange:write', textCheckedPerObject: true },
        schema: {
          tags: ['exchange'],
          summary: 'Add a STIX bundle: valid objects are stored, each invalid one is reported',
          params: CollectionParams,
          querystring: IngestQuery,
          body: StixBundle,
          response: { 200: IngestResult },
        },
      },
      async (request) => ingest(request, actorOf(request), request.body.objects ?? []),
    )
    app.post(
      '/api/v1/collections/:id/upload',
      {
        config: { permission: 'exchange:write' },
        schema: {
          tags: ['exchange'],
          summary: 'Upload a STIX bundle file (multipart, field "file")',
          params: CollectionParams,
          querystring: IngestQuery,
          response: { 200: IngestResult },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        const file = await request.file()
        if (!file) throw new VigilError('VALIDATION_FAILED', 'send the bundle as a multipart file')
        const content = await file.toBuffer().catch((err: unknown) => {
          if (err instanceof app.multipartErrors.RequestFileTooLargeError)
            throw new VigilError('PAYLOAD_TOO_LARGE', `the uploaded file exceeds the body limit (${bodyLimit} bytes)`, { bodyLimit })
          throw err
        })
        return ingest(request, actor, bundleObjects(parseJsonBody(content.toString('utf8'), 'the uploaded file')))
      },
    )
    app.post(
      '/api/v1/collections/:id/misp',
      {
        config: { permission: 'exchange:write', textCheckedPerObject: true },
        schema: {
          tags: ['exchange'],
          summary: 'Import a MISP event (MISP JSON export, {"Event": …}) as STIX 2.1',
          params: CollectionParams,
          body: MispEventFile,
          response: { 200: MispImportResult },
        },
      },
      async (request) => importMispEvent(store, actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/v1/collections/:id/export',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: 'A STIX bundle of what the caller may see in a collection',
          params: CollectionParams,
          querystring: z.object({ type: commaList(StixTypeName).optional() }),
        },
      },
      async (request, reply) => {
        const bundle = await store.exportBundle(
          actorOf(request),
          request.params.id,
          request.query.type ? { types: request.query.type } : {},
        )
        return reply.type('application/stix+json;version=2.1').send(JSON.stringify(bundle))
      },
    )

    app.get(
      '/api/v1/sharing-groups',
      {
        config: { permission: 'exchange:read' },
        schema: { tags: ['exchange'], summary: "Sharing groups of the caller's organisation", response: { 200: z.array(SharingGroup) } },
      },
      async (request) => store.listSharingGroups(actorOf(request)),
    )
    app.post(
      '/api/v1/sharing-groups',
      {
        config: { permission: 'org:manage' },
        schema: { tags: ['exchange'], summary: 'Create a sharing group', body: SharingGroupInput, response: { 201: SharingGroup } },
      },
      async (request, reply) => reply.status(201).send(await store.createSharingGroup(actorOf(request), request.body, now())),
    )
    app.put(
      '/api/v1/sharing-groups/:id/members',
      {
        config: { permission: 'org:manage' },
        schema: {
          tags: ['exchange'],
          summary: "Replace a sharing group's members",
          params: CollectionParams,
          body: z.object({ memberOrgIds: z.array(OrgId).max(1000) }),
          response: { 200: SharingGroup },
        },
      },
      async (request) =>
        store.setSharingGroupMembers(actorOf(request), request.params.id as SharingGroup['id'], request.body.memberOrgIds, now()),
    )
  }
}
