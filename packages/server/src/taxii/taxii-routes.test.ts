import { ApiRoot, Discovery, TAXII_MEDIA_TYPE, TaxiiError, TaxiiStatus } from '@vigil/contracts'
import { buildTaxiiStatus, statusOwnerOf } from '@vigil/core'
import { createTaxiiStatusStore, type VigilDatabase } from '@vigil/storage'
import { openTestDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { listenOnFreePort } from '../test-support/listen.js'
import { buildTestApp } from '../test-support/test-app.js'

describe('TAXII discovery, API root and status, over HTTP', () => {
  let database: VigilDatabase
  let app: VigilApp
  let base: string
  let analyst: SeededUser
  let other: SeededUser
  const get = (path: string, headers: Record<string, string> = analyst.headers) =>
    fetch(`${base}${path}`, { headers: { accept: TAXII_MEDIA_TYPE, ...headers } })

  beforeAll(async () => {
    database = await openTestDatabase('pglite')
    const identity = testAuthDeps(database)
    app = await buildTestApp(database, { identity, env: { VIGIL_PUBLIC_URL: 'https://vigil.example.org/', VIGIL_BODY_LIMIT: '2097152' } })
    base = await listenOnFreePort(app)
    analyst = await seedUser(identity, { roles: ['analyst'] })
    other = await seedUser(identity, { roles: ['analyst'] })
  })
  afterAll(async () => {
    await app.close()
    await database.close()
  })

  it('lists the API root as an absolute URL from VIGIL_PUBLIC_URL', async () => {
    const res = await get('/taxii2/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE)
    const discovery = Discovery.parse(await res.json())
    expect(discovery.api_roots).toEqual(['https://vigil.example.org/taxii2/vigil/'])
    expect(discovery.default).toBe('https://vigil.example.org/taxii2/vigil/')
  })

  it('takes HTTP Basic with the e-mail and an API token, as TAXII clients send it', async () => {
    const basic = Buffer.from(`${analyst.user.email}:${analyst.token}`).toString('base64')
    expect((await get('/taxii2/', { authorization: `Basic ${basic}` })).status).toBe(200)
    const wrong = Buffer.from(`${other.user.email}:${analyst.token}`).toString('base64')
    expect((await get('/taxii2/', { authorization: `Basic ${wrong}` })).status).toBe(401)
  })

  it('answers 401 with a TAXII error and both challenges when no credential is sent', async () => {
    const res = await get('/taxii2/', {})
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE)
    expect(res.headers.get('www-authenticate')).toContain('Basic realm=')
    expect(res.headers.get('www-authenticate')).toContain('Bearer realm=')
    expect(TaxiiError.parse(await res.json())).toMatchObject({ http_status: '401', error_code: 'AUTH_UNAUTHENTICATED' })
  })

  it('describes the API root with TAXII 2.1 and max_content_length from the body limit', async () => {
    const res = await get('/taxii2/vigil/')
    expect(res.status).toBe(200)
    expect(ApiRoot.parse(await res.json())).toMatchObject({ versions: [TAXII_MEDIA_TYPE], max_content_length: 2097152 })
  })

  it('answers an unknown API root with a TAXII 404', async () => {
    const res = await get('/taxii2/other/')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ http_status: '404', error_code: 'NOT_FOUND' })
  })

  it('lets the posting organisation poll a status, and no one else', async () => {
    const id = '0f6b7d3e-8a43-4bd3-9d7b-6b1c2f9b1a01'
    const status = buildTaxiiStatus(id, new Date('2026-11-29T22:00:00.000Z'), {
      successes: [{ id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', version: '2026-11-29T21:00:00.000Z' }],
      failures: [],
      pendings: [],
    })
    await createTaxiiStatusStore(database.db).save(status, { ...statusOwnerOf(analyst.actor), collectionId: 'c1' })
    const mine = await get(`/taxii2/vigil/status/${id}/`)
    expect(mine.status).toBe(200)
    expect(TaxiiStatus.parse(await mine.json())).toEqual(status)
    const theirs = await get(`/taxii2/vigil/status/${id}/`, other.headers)
    expect(theirs.status).toBe(404)
    expect((await get('/taxii2/vigil/status/not-a-uuid/')).status).toBe(404)
  })
})
