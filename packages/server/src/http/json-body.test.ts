import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

// One check for every route (refuseUnstorableText): text PostgreSQL cannot store is a 400
// naming where it is, whichever context the route belongs to, and nothing is written.
describeEachDatabase('text that cannot be stored, on any route', (database) => {
  let app: VigilApp
  let analyst: SeededUser
  const allowlisted = async () =>
    (await app.inject({ url: '/api/v1/detect/allowlist', headers: analyst.headers })).json().entries.length as number
  beforeAll(async () => {
    app = await buildTestApp(database())
    analyst = await seedUser(testAuthDeps(database()), { roles: ['analyst'] })
  })
  afterAll(() => app?.close())

  it.each([
    ['a NUL', { account: 'acc\u0000ount' }, 'the body: $["account"] holds a NUL character (U+0000)'],
    ['a lone surrogate', { account: 'acct', note: 'x\ud800y' }, 'the body: $["note"] holds a lone UTF-16 surrogate'],
    ['a NUL in a property name', { account: 'acct', 'n\u0000': 1 }, 'the body: $ has a property name that holds a NUL'],
  ])('refuses a body holding %s with a 400 naming the path, and stores nothing', async (_, payload, message) => {
    const before = await allowlisted()
    const res = await app.inject({ method: 'POST', url: '/api/v1/detect/allowlist', headers: analyst.headers, payload })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(res.json().error.message).toContain(message)
    expect(await allowlisted()).toBe(before)
  })

  it('refuses a body nested deeper than 512 levels on a route that reads no STIX objects', async () => {
    const payload = `{"account":"acct","note":${'['.repeat(600)}${']'.repeat(600)}}`
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/detect/allowlist',
      headers: { ...analyst.headers, 'content-type': 'application/json' },
      payload,
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toMatch(/^the body: \$\["note"\]\[0\].* is nested deeper than 512 levels/)
  })

  it('refuses a query string or a path parameter holding a NUL or a lone surrogate', async () => {
    const query = await app.inject({ url: '/api/v1/objects?q=a%00b', headers: analyst.headers })
    expect(query.statusCode).toBe(400)
    expect(query.json().error.message).toContain('the query string: $["q"] holds a NUL character')
    const path = await app.inject({ url: '/api/v1/objects/campaign--%ED%A0%80', headers: analyst.headers })
    expect(path.statusCode).toBe(400)
    const nul = await app.inject({ url: '/api/v1/detect/runs/a%00b', headers: analyst.headers })
    expect(nul.statusCode).toBe(400)
    expect(nul.json().error.message).toContain('the path: $["id"] holds a NUL character')
  })

  it('renders the refusal as a TAXII error under /taxii2/', async () => {
    const res = await app.inject({
      url: '/taxii2/vigil/collections/x%00/objects/',
      headers: { ...analyst.headers, accept: 'application/taxii+json;version=2.1' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ http_status: '400', description: expect.stringContaining('the path: $["collectionId"]') })
  })
})
