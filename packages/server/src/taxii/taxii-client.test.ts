import { randomUUID } from 'node:crypto'
import { type EnvelopeObject, TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { buildTaxiiStatus, isVigilError, type LocalCollection, pullCollection, pushCollection, systemActor, systemClock } from '@vigil/core'
import {
  createExchangeStore,
  createSyncStateStore,
  createTaxiiClient,
  createTaxiiStore,
  type ExchangeStore,
  exchangeLocalCollection,
  remoteCollection,
  type VigilDatabase,
} from '@vigil/storage'
import { openTestDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import type { FastifyPluginAsync } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { VigilApp } from '../app.js'
import { listenOnFreePort } from '../test-support/listen.js'
import { campaign } from '../test-support/taxii-fixture.js'
import { buildTestApp } from '../test-support/test-app.js'
import { parseEnvelope } from './parse-envelope.js'
import { taxiiApi } from './taxii-api.js'

// A tiny TAXII responder over an array, on the same negotiation layer and auth hook as Vigil's.
function peer(stored: { object: EnvelopeObject; added: string }[]): FastifyPluginAsyncZod {
  const root = '/taxii2/peer/'
  return async (app) => {
    const read = { config: { permission: 'exchange:read' as const } }
    app.get(root, read, async () => ({ title: 'peer', versions: [TAXII_MEDIA_TYPE], max_content_length: 1200 }))
    app.get(`${root}collections/`, read, async () => ({ collections: [{ id: 'c1', title: 'Tips', can_read: true, can_write: true }] }))
    app.get(
      `${root}collections/c1/objects/`,
      {
        ...read,
        schema: {
          querystring: z.object({ added_after: z.string().optional(), limit: z.coerce.number().default(100), next: z.string().optional() }),
        },
      },
      async (request, reply) => {
        const { added_after, limit, next } = request.query
        const all = stored.filter((s) => added_after === undefined || s.added > added_after)
        const start = next ? Number(next) : 0
        const page = all.slice(start, start + limit)
        const more = start + limit < all.length
        if (page.length) reply.header('x-taxii-date-added-first', page[0]?.added).header('x-taxii-date-added-last', page.at(-1)?.added)
        return { more, ...(more ? { next: String(start + limit) } : {}), objects: page.map((s) => s.object) }
      },
    )
    app.post(`${root}collections/c1/objects/`, { config: { permission: 'exchange:write' } }, async (request, reply) => {
      const objects = parseEnvelope(request.body).objects ?? []
      for (const object of objects)
        stored.push({ object: object as EnvelopeObject, added: new Date(Date.now() + stored.length).toISOString() })
      const details = objects.map((o) => ({ id: o.id, version: String(o.modified ?? 'unversioned') }))
      return reply.status(202).send(buildTaxiiStatus(randomUUID(), new Date(), { successes: details, failures: [], pendings: [] }))
    })
  }
}

describe('the TAXII client against a TAXII responder, over HTTP', () => {
  let database: VigilDatabase
  let app: VigilApp
  let base: string
  let analyst: SeededUser
  let auditor: SeededUser
  let exchange: ExchangeStore
  let local: LocalCollection
  const collections: Record<string, string> = {}
  const remoteObjects = Array.from({ length: 23 }, (_, i) => ({
    object: campaign({ tlp: 'amber' }) as EnvelopeObject,
    added: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  }))

  beforeAll(async () => {
    database = await openTestDatabase('pglite')
    const identity = testAuthDeps(database)
    app = await buildTestApp(database, {
      identity,
      plugins: [taxiiApi({ maxContentLength: 1200 }, peer(remoteObjects)) as FastifyPluginAsync],
    })
    base = await listenOnFreePort(app)
    analyst = await seedUser(identity, { roles: ['analyst'] })
    auditor = await seedUser(identity, { roles: ['auditor'] })
    exchange = createExchangeStore(database.db)
    const mine = { orgIds: [analyst.org.id] }
    for (const title of ['tips', 'outbox'])
      collections[title] = (await exchange.createCollection(systemActor('test'), { title, read: mine, write: mine }, new Date())).id
    local = exchangeLocalCollection(createTaxiiStore(database.db, exchange, systemClock))
  })
  afterAll(async () => {
    await app.close()
    await database.close()
  })

  const client = (credentials: Parameters<typeof createTaxiiClient>[0]['credentials']) =>
    createTaxiiClient({ apiRootUrl: `${base}/taxii2/peer`, credentials })

  it('reads the API root and collections with Bearer and with Basic credentials', async () => {
    expect((await client({ kind: 'bearer', token: analyst.token }).apiRoot()).max_content_length).toBe(1200)
    const basic = client({ kind: 'basic', user: analyst.user.email, password: analyst.token })
    expect((await basic.collections()).collections?.map((c) => c.id)).toEqual(['c1'])
  })

  it('turns a TAXII error answer into one clear error with the remote status', async () => {
    const failure = await client({ kind: 'none' })
      .collections()
      .catch((e: unknown) => e)
    expect(isVigilError(failure, 'TAXII_REMOTE_FAILED')).toBe(true)
    expect((failure as Error).message).toMatch(/: 401 sign in or send an API token$/)
    const forbidden = await client({ kind: 'bearer', token: auditor.token })
      .collections()
      .catch((e: unknown) => e)
    expect((forbidden as { details: { status: number } }).details.status).toBe(403)
  })

  it('pages with next and reports the date-added range of each page', async () => {
    const c = client({ kind: 'bearer', token: analyst.token })
    const first = await c.getObjects('c1', { limit: 10 })
    expect(first.envelope.objects).toHaveLength(10)
    expect(first).toMatchObject({ dateAddedFirst: remoteObjects[0]?.added, dateAddedLast: remoteObjects[9]?.added })
    const second = await c.getObjects('c1', { limit: 10, next: first.envelope.next ?? '' })
    expect(second.envelope.objects?.[0]).toEqual(remoteObjects[10]?.object)
  })

  it('pulls a remote collection once, keeping markings, and resumes from the stored added_after', async () => {
    const remote = remoteCollection(client({ kind: 'bearer', token: analyst.token }), 'c1')
    const state = createSyncStateStore(database.db)
    const tips = collections.tips ?? ''
    const result = await pullCollection({ remote, local, state }, analyst.actor, tips, { limit: 5 })
    expect(result).toMatchObject({ objects: 23, succeeded: 23, pages: 5, resumeFrom: remoteObjects[22]?.added })
    expect((await local.readObjects(analyst.actor, tips, { limit: 100 })).objects).toEqual(remoteObjects.map((s) => s.object))
    expect(await state.get({ direction: 'pull', remote: remote.key, local: tips })).toBe(remoteObjects[22]?.added)
    expect((await pullCollection({ remote, local, state }, analyst.actor, tips, { limit: 5 })).objects).toBe(0)
  })

  it('pushes in envelopes that fit the remote max_content_length, and only new objects next time', async () => {
    const remote = remoteCollection(client({ kind: 'bearer', token: analyst.token }), 'c1')
    const outbox = collections.outbox ?? ''
    const objects = Array.from({ length: 12 }, () => campaign({ tlp: 'green' }))
    await exchange.addObjects(analyst.actor, outbox, objects)
    const state = createSyncStateStore(database.db)
    const before = remoteObjects.length
    const result = await pushCollection({ remote, local, state }, analyst.actor, outbox, { batch: 50 })
    expect(result).toMatchObject({ objects: 12, succeeded: 12, failed: 0 })
    expect(result.pages).toBeGreaterThan(1)
    expect(remoteObjects.slice(before).map((s) => s.object)).toEqual(objects)
    await exchange.addObjects(analyst.actor, outbox, [campaign()])
    expect(await pushCollection({ remote, local, state }, analyst.actor, outbox, { batch: 50 })).toMatchObject({
      objects: 1,
      succeeded: 1,
    })
  })

  it('refuses an answer that is not TAXII and one over its size cap', async () => {
    const notTaxii = createTaxiiClient({
      apiRootUrl: `${base}/taxii2/peer/`,
      credentials: { kind: 'bearer', token: analyst.token },
      fetch: async () => new Response('{"hello":1}', { status: 200 }),
    })
    await expect(notTaxii.apiRoot()).rejects.toThrow(/not a TAXII answer/)
    const capped = createTaxiiClient({
      apiRootUrl: `${base}/taxii2/peer/`,
      credentials: { kind: 'bearer', token: analyst.token },
      maxResponseBytes: 100,
    })
    await expect(capped.getObjects('c1')).rejects.toThrow(/larger than 100 bytes/)
  })
})
