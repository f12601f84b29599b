import { Role, SessionInfo } from '@vigil/contracts'
import { fixedClock, PERMISSIONS, revokeApiToken, setOrgStatus, setUserStatus, systemActor } from '@vigil/core'
import { describeEachDatabase, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import type { FastifyPluginAsync } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

// One route per permission, so the whole policy is exercised through the one hook.
const probeRoutes: FastifyPluginAsync = async (app) => {
  for (const permission of PERMISSIONS) {
    app.get(`/probe/${permission.replace(':', '/')}`, { config: { permission } }, async (request) => ({ actor: request.actor?.kind }))
  }
  app.get('/probe-public', { config: { permission: 'public' } }, async (request) => ({ actor: request.actor?.kind ?? null }))
}

describeEachDatabase('the auth hook', (database) => {
  const clock = fixedClock(new Date('2026-03-01T12:00:00Z'))
  let app: VigilApp
  let identity: ReturnType<typeof testAuthDeps>
  beforeAll(async () => {
    identity = testAuthDeps(database(), clock)
    app = await buildTestApp(database(), { identity, plugins: [probeRoutes] })
  })
  afterAll(() => app?.close())

  it('lets each role call exactly the routes its permissions allow', async () => {
    const checked: string[] = []
    for (const role of Role.options) {
      const seeded = await seedUser(identity, { roles: [role], kind: 'government' })
      for (const permission of PERMISSIONS) {
        const res = await app.inject({ url: `/probe/${permission.replace(':', '/')}`, headers: seeded.headers })
        const expected = (await import('@vigil/core')).can(seeded.actor, permission) ? 200 : 403
        expect(res.statusCode, `${role} → ${permission}`).toBe(expected)
        if (expected === 403) expect(res.json().error.code).toBe('AUTH_FORBIDDEN')
        checked.push(`${role}:${permission}:${res.statusCode}`)
      }
    }
    expect(checked).toHaveLength(Role.options.length * PERMISSIONS.length)
    // The hook enforces the same table the pure policy test pins down, e.g.:
    expect(checked).toContain('analyst:requests:review:403')
    expect(checked).toContain('reviewer:requests:review:200')
    expect(checked).toContain('auditor:audit:read:200')
    expect(checked).toContain('requester:exchange:read:403')
  })

  it('records a denied call in the audit log', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'] })
    const res = await app.inject({ url: '/probe/instance/admin', headers: analyst.headers })
    expect(res.statusCode).toBe(403)
    const entry = await database()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.access.denied')
      .where('actor', '=', `user:${analyst.user.id}`)
      .executeTakeFirstOrThrow()
    expect(entry.outcome).toBe('denied')
    expect(entry.details).toMatchObject({ permission: 'instance:admin' })
  })

  it('answers 401 without credentials, and with a malformed or unknown one', async () => {
    for (const headers of [{}, { authorization: 'Token abc' }, { authorization: 'Bearer vgl_nope' }, { authorization: 'Basic !!!' }]) {
      const res = await app.inject({ url: '/api/v1/session', headers })
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('AUTH_UNAUTHENTICATED')
    }
  })

  it('serves public routes to anyone, ignoring a bad credential there', async () => {
    expect((await app.inject({ url: '/probe-public' })).json()).toEqual({ actor: null })
    expect((await app.inject({ url: '/probe-public', headers: { authorization: 'Bearer vgl_nope' } })).statusCode).toBe(200)
  })

  it('returns the caller from GET /api/v1/session for a Bearer token and for Basic with e-mail and token', async () => {
    const reviewer = await seedUser(identity, { roles: ['reviewer'], kind: 'platform' })
    const bearer = SessionInfo.parse((await app.inject({ url: '/api/v1/session', headers: reviewer.headers })).json())
    expect(bearer).toMatchObject({
      user: { email: reviewer.user.email },
      org: { id: reviewer.org.id, kind: 'platform' },
      roles: ['reviewer'],
      via: 'token',
    })
    const basic = Buffer.from(`${reviewer.user.email.toUpperCase()}:${reviewer.token}`).toString('base64')
    const viaBasic = await app.inject({ url: '/api/v1/session', headers: { authorization: `Basic ${basic}` } })
    expect(SessionInfo.parse(viaBasic.json()).via).toBe('basic')
    const wrongUser = Buffer.from(`someone-else@example.org:${reviewer.token}`).toString('base64')
    expect((await app.inject({ url: '/api/v1/session', headers: { authorization: `Basic ${wrongUser}` } })).statusCode).toBe(401)
  })

  it('refuses a revoked token on the very next request', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'] })
    expect((await app.inject({ url: '/api/v1/session', headers: analyst.headers })).statusCode).toBe(200)
    const [token] = await identity.store.listApiTokens(analyst.user.id)
    await revokeApiToken(identity, analyst.actor, token?.id as never)
    const res = await app.inject({ url: '/api/v1/session', headers: analyst.headers })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.message).toMatch(/revoked/)
  })

  it('refuses an expired token', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'] })
    const { secret } = await (await import('@vigil/core')).createApiToken(identity, analyst.actor, analyst.user.id, {
      name: 'short',
      expiresInDays: 1,
    })
    const headers = { authorization: `Bearer ${secret}` }
    expect((await app.inject({ url: '/api/v1/session', headers })).statusCode).toBe(200)
    clock.advance(24 * 60 * 60 * 1000)
    const res = await app.inject({ url: '/api/v1/session', headers })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.message).toMatch(/expired/)
  })

  it('refuses a suspended user, and every user of a suspended organisation, at once', async () => {
    const a = await seedUser(identity, { roles: ['analyst'] })
    const b = await seedUser(identity, { roles: ['analyst'], org: a.org })
    await setUserStatus(identity, systemActor('test'), a.user.id, 'suspended')
    expect((await app.inject({ url: '/api/v1/session', headers: a.headers })).json().error.message).toMatch(/account is suspended/)
    expect((await app.inject({ url: '/api/v1/session', headers: b.headers })).statusCode).toBe(200)
    await setOrgStatus(identity, systemActor('test'), a.org.id, 'suspended')
    const res = await app.inject({ url: '/api/v1/session', headers: b.headers })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.message).toMatch(/organisation is suspended/)
    await setOrgStatus(identity, systemActor('test'), a.org.id, 'active')
    expect((await app.inject({ url: '/api/v1/session', headers: b.headers })).statusCode).toBe(200)
  })

  it('refuses an expired or revoked session cookie at once', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'] })
    const { hashSecret } = await import('@vigil/core')
    const now = clock.now()
    for (const [secret, expiresAt, revokedAt] of [
      ['live-session-secret', new Date(now.getTime() + 60_000), null],
      ['expired-session-secret', new Date(now.getTime() - 1), null],
      ['revoked-session-secret', new Date(now.getTime() + 60_000), now],
    ] as const) {
      await database()
        .db.insertInto('sessions')
        .values({
          id: crypto.randomUUID(),
          token_hash: hashSecret(secret),
          user_id: analyst.user.id,
          created_at: now,
          expires_at: expiresAt,
          last_seen_at: now,
          revoked_at: revokedAt,
          ip: null,
          user_agent: null,
        })
        .execute()
    }
    const call = (secret: string) => app.inject({ url: '/api/v1/session', cookies: { vigil_session: secret } })
    expect(SessionInfo.parse((await call('live-session-secret')).json()).via).toBe('session')
    expect((await call('expired-session-secret')).json().error.message).toMatch(/expired/)
    expect((await call('revoked-session-secret')).json().error.message).toMatch(/revoked/)
  })
})
