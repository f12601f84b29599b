import { Envelope, TAXII_MEDIA_TYPE, TaxiiError } from '@vigil/contracts'
import { VigilError } from '@vigil/core'
import type { VigilDatabase } from '@vigil/storage'
import { openTestDatabase } from '@vigil/storage/test-support'
import type { FastifyPluginAsync } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { listenOnFreePort } from '../test-support/listen.js'
import { buildTestApp } from '../test-support/test-app.js'
import { parseEnvelope } from './parse-envelope.js'
import { taxiiApi } from './taxii-api.js'

// A minimal TAXII route set: each route fails in one of the ways a real one can.
const probeRoutes: FastifyPluginAsyncZod = async (app) => {
  const pub = { config: { permission: 'public' as const } }
  app.get('/taxii2/probe/ok/', pub, async () => ({ more: false, objects: [] }))
  app.post('/taxii2/probe/objects/', pub, async (request, reply) =>
    reply.status(202).send({ count: parseEnvelope(request.body).objects?.length ?? 0 }),
  )
  app.get('/taxii2/probe/unauthenticated/', pub, async () => {
    throw new VigilError('AUTH_UNAUTHENTICATED', 'sign in with Basic or Bearer')
  })
  app.get('/taxii2/probe/forbidden/', pub, async () => {
    throw new VigilError('AUTH_FORBIDDEN', 'you may not read this collection', { collection: 'c1' })
  })
  app.get('/taxii2/probe/crash/', pub, async () => {
    throw new Error('secret internals')
  })
}

const MAX = 4096
const taxii = { accept: TAXII_MEDIA_TYPE }

describe('TAXII content negotiation and errors, over HTTP', () => {
  let database: VigilDatabase
  let app: VigilApp
  let base: string
  beforeAll(async () => {
    database = await openTestDatabase('pglite')
    app = await buildTestApp(database, { plugins: [taxiiApi({ maxContentLength: MAX }, probeRoutes) as FastifyPluginAsync] })
    base = await listenOnFreePort(app)
  })
  afterAll(async () => {
    await app.close()
    await database.close()
  })

  async function expectTaxiiError(res: Response, status: number, code: string): Promise<TaxiiError> {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE)
    const body = TaxiiError.parse(await res.json())
    expect(body).toMatchObject({ http_status: String(status), error_code: code })
    expect(body.error_id).toBe(res.headers.get('x-request-id'))
    return body
  }

  it('answers in the TAXII media type when the client accepts it, with or without the version', async () => {
    for (const accept of [TAXII_MEDIA_TYPE, 'application/taxii+json', 'application/json, application/taxii+json; version=2.1; q=0.5']) {
      const res = await fetch(`${base}/taxii2/probe/ok/`, { headers: { accept } })
      expect(res.status, accept).toBe(200)
      expect(res.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE)
      expect(Envelope.parse(await res.json())).toEqual({ more: false, objects: [] })
    }
  })

  it('refuses with 406 any Accept that does not name TAXII 2.1', async () => {
    for (const accept of [
      undefined,
      'application/json',
      '*/*',
      'application/taxii+json;version=2.0',
      'application/taxii+json;version=2.1;q=0',
    ]) {
      const res = await fetch(`${base}/taxii2/probe/ok/`, { headers: accept ? { accept } : {} })
      const body = await expectTaxiiError(res, 406, 'TAXII_NOT_ACCEPTABLE')
      expect(body.title).toBe('Not Acceptable')
    }
  })

  it('refuses with 415 a POST whose Content-Type is not TAXII 2.1', async () => {
    for (const type of ['application/json', 'application/stix+json;version=2.1', 'application/taxii+json;version=2.0']) {
      const res = await fetch(`${base}/taxii2/probe/objects/`, {
        method: 'POST',
        headers: { ...taxii, 'content-type': type },
        body: '{"objects":[]}',
      })
      await expectTaxiiError(res, 415, 'TAXII_UNSUPPORTED_MEDIA_TYPE')
    }
  })

  it('takes an envelope in the TAXII media type', async () => {
    const body = JSON.stringify({
      objects: [{ type: 'indicator', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', spec_version: '2.1' }],
    })
    const res = await fetch(`${base}/taxii2/probe/objects/`, {
      method: 'POST',
      headers: { ...taxii, 'content-type': TAXII_MEDIA_TYPE },
      body,
    })
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ count: 1 })
  })

  it('refuses with 413 a body over max_content_length, declared or streamed', async () => {
    const big = JSON.stringify({ objects: [{ type: 'note', id: 'note--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', content: 'x'.repeat(MAX) }] })
    const declared = await fetch(`${base}/taxii2/probe/objects/`, {
      method: 'POST',
      headers: { ...taxii, 'content-type': TAXII_MEDIA_TYPE },
      body: big,
    })
    await expectTaxiiError(declared, 413, 'PAYLOAD_TOO_LARGE')
    const chunks = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big))
        c.close()
      },
    })
    const streamed = await fetch(`${base}/taxii2/probe/objects/`, {
      method: 'POST',
      headers: { ...taxii, 'content-type': TAXII_MEDIA_TYPE },
      body: chunks,
      duplex: 'half',
    } as RequestInit)
    await expectTaxiiError(streamed, 413, 'PAYLOAD_TOO_LARGE')
  })

  it('refuses with 422 JSON that is not an envelope, and with 400 what is not JSON', async () => {
    const post = (body: string) =>
      fetch(`${base}/taxii2/probe/objects/`, { method: 'POST', headers: { ...taxii, 'content-type': TAXII_MEDIA_TYPE }, body })
    const bad = await expectTaxiiError(await post('{"objects":[{"type":"indicator","id":"not-an-id"}]}'), 422, 'TAXII_UNPROCESSABLE')
    expect(bad.description).toContain('/objects/0/id')
    await expectTaxiiError(await post('{"objects": 3}'), 422, 'TAXII_UNPROCESSABLE')
    await expectTaxiiError(await post('{"objects": ['), 400, 'VALIDATION_FAILED')
  })

  it('answers 401 with the Basic and Bearer challenges, 403, 404 and an opaque 500 as TAXII errors', async () => {
    const unauth = await fetch(`${base}/taxii2/probe/unauthenticated/`, { headers: taxii })
    await expectTaxiiError(unauth, 401, 'AUTH_UNAUTHENTICATED')
    expect(unauth.headers.get('www-authenticate')).toMatch(/^Basic realm="Vigil TAXII".*, Bearer realm="Vigil TAXII"$/)
    const forbidden = await expectTaxiiError(await fetch(`${base}/taxii2/probe/forbidden/`, { headers: taxii }), 403, 'AUTH_FORBIDDEN')
    expect(forbidden.details).toEqual({ collection: 'c1' })
    await expectTaxiiError(await fetch(`${base}/taxii2/probe/nothing-here/`, { headers: taxii }), 404, 'NOT_FOUND')
    const crash = await expectTaxiiError(await fetch(`${base}/taxii2/probe/crash/`, { headers: taxii }), 500, 'INTERNAL')
    expect(JSON.stringify(crash)).not.toContain('secret')
  })

  it('leaves errors outside /taxii2/ in the JSON API format', async () => {
    const res = await fetch(`${base}/api/v1/nothing-here`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})
