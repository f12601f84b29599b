import { Writable } from 'node:stream'
import { Validator } from '@seriousme/openapi-schema-validator'
import { ErrorBody, Health, Readiness, TaxiiError } from '@vigil/contracts'
import { VigilError } from '@vigil/core'
import { describeEachDatabase } from '@vigil/storage/test-support'
import type { FastifyPluginAsync } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { z } from 'zod'
import type { VigilApp } from './app.js'
import { buildTestApp } from './test-support/test-app.js'

const probeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/probe/forbidden', { config: { permission: 'public' } }, async () => {
    throw new VigilError('AUTH_FORBIDDEN', 'analysts cannot review requests', { permission: 'requests:review' })
  })
  app.get('/probe/crash', { config: { permission: 'public' } }, async () => {
    throw new Error('database password is hunter2')
  })
  app.post(
    '/probe/echo',
    { config: { permission: 'public' }, schema: { body: z.object({ name: z.string().min(2) }) } },
    async (request) => ({ hello: request.body.name }),
  )
}

describeEachDatabase('HTTP app', (database) => {
  let app: VigilApp
  const logLines: string[] = []
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk))
        done()
      },
    })
    app = await buildTestApp(database(), { plugins: [probeRoutes as FastifyPluginAsync], logger: pino(sink) })
  })
  afterAll(() => app.close())

  it('answers /healthz and /readyz with the migrated database', async () => {
    const health = await app.inject({ url: '/healthz' })
    expect(health.statusCode).toBe(200)
    expect(Health.parse(health.json()).status).toBe('ok')
    const ready = await app.inject({ url: '/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(Readiness.parse(ready.json())).toMatchObject({ status: 'ready', migrations: { pending: 0 } })
    // Probes every few seconds must not fill the log at info.
    expect(logLines.filter((l) => l.includes('/readyz') || l.includes('/healthz'))).toEqual([])
  })

  it('maps a VigilError to its status and a JSON body with the request id', async () => {
    const res = await app.inject({ url: '/probe/forbidden', headers: { 'x-request-id': 'trace-42' } })
    expect(res.statusCode).toBe(403)
    expect(res.headers['x-request-id']).toBe('trace-42')
    expect(ErrorBody.parse(res.json())).toEqual({
      error: {
        code: 'AUTH_FORBIDDEN',
        message: 'analysts cannot review requests',
        requestId: 'trace-42',
        details: { permission: 'requests:review' },
      },
    })
    expect(logLines.some((l) => l.includes('"level":40') && l.includes('access denied: analysts cannot review requests'))).toBe(true)
  })

  it('answers anything unknown with an opaque 500 and logs it', async () => {
    const res = await app.inject({ url: '/probe/crash' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error', requestId: res.headers['x-request-id'] } })
    expect(res.body).not.toContain('hunter2')
    expect(logLines.some((l) => l.includes('"level":50') && l.includes('hunter2'))).toBe(true)
  })

  it('refuses invalid bodies with the path of each problem', async () => {
    const bad = await app.inject({ method: 'POST', url: '/probe/echo', payload: { name: 'x' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALIDATION_FAILED')
    expect(bad.json().error.message).toMatch(/\/name/)
    const garbage = await app.inject({
      method: 'POST',
      url: '/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    })
    expect(garbage.statusCode).toBe(400)
    expect(garbage.json().error.code).toBe('VALIDATION_FAILED')
    const ok = await app.inject({ method: 'POST', url: '/probe/echo', payload: { name: 'Ada' } })
    expect(ok.json()).toEqual({ hello: 'Ada' })
  })

  it('refuses bodies over the limit with 413', async () => {
    const res = await app.inject({ method: 'POST', url: '/probe/echo', payload: { name: 'x'.repeat(11 * 1024 * 1024) } })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('answers unknown routes with a JSON 404', async () => {
    const res = await app.inject({ url: '/api/v1/nothing-here' })
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'no route for GET /api/v1/nothing-here' })
  })

  it('sends security headers and replaces an unsafe request id', async () => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\r\nwith injection' } })
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const res = await app.inject({ url: '/api/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.paths['/readyz'].get.responses['200']).toBeDefined()
    expect(doc.paths['/probe/echo'].post.requestBody).toBeDefined()
  })

  it('publishes a valid OpenAPI document: how to authenticate, and every error with the one error body', async () => {
    const doc = (await app.inject({ url: '/api/docs/json' })).json()
    const validation = await new Validator().validate(doc)
    expect(validation.errors ?? []).toEqual([])
    expect(validation.valid).toBe(true)
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['basic', 'bearer', 'cookie'])
    type Operation = { security?: unknown; responses: Record<string, { content?: Record<string, { schema: { properties: object } }> }> }
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    )
    const guarded = operations.filter(({ op }) => op.security !== undefined)
    expect(guarded.length).toBeGreaterThanOrEqual(79)
    const body = (op: Operation, status: string) =>
      Object.keys(op.responses[status]?.content?.['application/json']?.schema.properties ?? {})
    for (const { path, op } of guarded) {
      expect(op.security, path).toEqual([{ bearer: [] }, { basic: [] }, { cookie: [] }])
      for (const status of ['400', '401', '403', '404', '409', '413', '415', '422', '429'])
        expect(body(op, status), `${path} ${status}`).toEqual(path.startsWith('/taxii2/') ? Object.keys(TaxiiError.shape) : ['error'])
    }
    expect(doc.paths['/api/v1/collections'].get.security).toBeDefined()
    expect(doc.paths['/healthz'].get.security).toBeUndefined()
    expect(doc.paths['/healthz'].get.responses['401']).toBeUndefined()
  })
})

describeEachDatabase('route registration', (database) => {
  it('fails for a route that declares no permission', async () => {
    const careless: FastifyPluginAsync = async (app) => {
      app.get('/careless', async () => 'oops')
    }
    await expect(buildTestApp(database(), { plugins: [careless] })).rejects.toThrow('route GET /careless declares no permission')
  })
})
