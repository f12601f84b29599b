import { describeEachDatabase, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

describeEachDatabase('rate limits', (database) => {
  // Two apps over one database stand for two server processes behind a load balancer.
  let apps: VigilApp[] = []
  beforeAll(async () => {
    const env = { VIGIL_RATE_LIMIT_PER_MINUTE: '4', VIGIL_SIGN_IN_LIMIT_PER_MINUTE: '3' }
    apps = [await buildTestApp(database(), { env }), await buildTestApp(database(), { env })]
  })
  afterAll(() => Promise.all(apps.map((a) => a.close())))

  it('counts one token across every process, and answers 429 past the limit', async () => {
    const analyst = await seedUser(testAuthDeps(database()), { roles: ['analyst'] })
    const other = await seedUser(testAuthDeps(database()), { roles: ['analyst'] })
    const codes: number[] = []
    for (let i = 0; i < 6; i++)
      codes.push((await apps[i % 2]?.inject({ url: '/api/v1/session', headers: analyst.headers }))?.statusCode ?? 0)
    expect(codes).toEqual([200, 200, 200, 200, 429, 429])
    const limited = await apps[0]?.inject({ url: '/api/v1/session', headers: analyst.headers })
    expect(limited?.json().error.code).toBe('RATE_LIMITED')
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0)
    // Another token has its own budget; probes are never limited.
    expect((await apps[1]?.inject({ url: '/api/v1/session', headers: other.headers }))?.statusCode).toBe(200)
    for (let i = 0; i < 6; i++) expect((await apps[0]?.inject({ url: '/healthz' }))?.statusCode).toBe(200)
  })

  it('limits sign-in attempts per address more tightly', async () => {
    const codes: number[] = []
    for (let i = 0; i < 4; i++) {
      const res = await apps[i % 2]?.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'nobody@example.org', password: 'x' },
      })
      codes.push(res?.statusCode ?? 0)
    }
    expect(codes).toEqual([401, 401, 401, 429])
  })
})
