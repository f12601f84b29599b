import { ApiToken, AuditPage, AuditVerifyResult, CreatedApiToken, Org, User } from '@vigil/contracts'
import { describeEachDatabase, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

describeEachDatabase('the identity and audit API', (database) => {
  let app: VigilApp
  let identity: ReturnType<typeof testAuthDeps>
  beforeAll(async () => {
    identity = testAuthDeps(database())
    app = await buildTestApp(database(), { identity })
  })
  afterAll(() => app?.close())

  it('lets the instance admin create organisations, and no one else', async () => {
    const admin = await seedUser(identity, { roles: ['admin'] })
    const orgAdmin = await seedUser(identity, { roles: ['org-admin'] })
    const payload = { name: 'Civic Lab', kind: 'civil-society', domains: ['Civic.example'] }
    expect((await app.inject({ method: 'POST', url: '/api/v1/orgs', headers: orgAdmin.headers, payload })).statusCode).toBe(403)
    const created = await app.inject({ method: 'POST', url: '/api/v1/orgs', headers: admin.headers, payload })
    expect(created.statusCode).toBe(201)
    expect(Org.parse(created.json())).toMatchObject({ name: 'Civic Lab', domains: ['civic.example'] })
    const dup = await app.inject({ method: 'POST', url: '/api/v1/orgs', headers: admin.headers, payload })
    expect(dup.statusCode).toBe(409)
    const listed = Org.array().parse((await app.inject({ url: '/api/v1/orgs', headers: orgAdmin.headers })).json())
    expect(listed.map((o) => o.name)).toContain('Civic Lab')
  })

  it("lets the instance admin replace an organisation's verified domains, audited, never taking another's", async () => {
    const admin = await seedUser(identity, { roles: ['admin'] })
    const orgAdmin = await seedUser(identity, { roles: ['org-admin'] })
    const create = (name: string, domains: string[]) =>
      app.inject({ method: 'POST', url: '/api/v1/orgs', headers: admin.headers, payload: { name, kind: 'government', domains } })
    const agency = Org.parse((await create('Election Office', ['sos.example.gov', 'old.example.gov'])).json())
    const other = Org.parse((await create('Other Office', ['other.example.gov'])).json())
    const put = (id: string, domains: unknown, headers = admin.headers) =>
      app.inject({ method: 'PUT', url: `/api/v1/orgs/${id}/domains`, headers, payload: { domains } })

    expect((await put(agency.id, ['x.example.gov'], orgAdmin.headers)).statusCode).toBe(403)
    const replaced = await put(agency.id, ['SOS.example.gov', 'elections.example.gov', 'sos.example.gov'])
    expect(replaced.statusCode, replaced.body).toBe(200)
    expect(Org.parse(replaced.json()).domains.sort()).toEqual(['elections.example.gov', 'sos.example.gov'])
    expect((await identity.store.findOrgByDomain('old.example.gov'))?.id).toBeUndefined()
    expect((await identity.store.findOrgByDomain('elections.example.gov'))?.id).toBe(agency.id)

    const taken = await put(agency.id, ['sos.example.gov', 'other.example.gov'])
    expect(taken.statusCode).toBe(409)
    expect((await identity.store.findOrg(agency.id))?.domains.sort()).toEqual(['elections.example.gov', 'sos.example.gov'])
    expect((await identity.store.findOrgByDomain('other.example.gov'))?.id).toBe(other.id)
    expect((await put(agency.id, ['not a domain'])).statusCode).toBe(400)
    expect((await put('6f2a4b8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b', [])).statusCode).toBe(404)

    const audit = AuditPage.parse((await app.inject({ url: '/api/v1/audit?limit=1000', headers: admin.headers })).json())
    const changes = audit.entries.filter((e) => e.action === 'auth.org.domains' && e.targetId === agency.id)
    expect(changes.map((e) => e.details)).toEqual([
      { before: ['old.example.gov', 'sos.example.gov'], after: ['elections.example.gov', 'sos.example.gov'] },
    ])
  })

  it('keeps an org-admin inside its own organisation and below the admin role', async () => {
    const orgAdmin = await seedUser(identity, { roles: ['org-admin'] })
    const stranger = await seedUser(identity, { roles: ['analyst'] })
    const own = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: orgAdmin.headers,
      payload: { orgId: orgAdmin.org.id, email: 'New@Member.example', roles: ['analyst'] },
    })
    expect(own.statusCode).toBe(201)
    const member = User.parse(own.json())
    expect(member.email).toBe('new@member.example')
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: orgAdmin.headers,
      payload: { orgId: stranger.org.id, email: 'x@foreign.example', roles: ['analyst'] },
    })
    expect(foreign.statusCode).toBe(403)
    const escalate = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.id}`,
      headers: orgAdmin.headers,
      payload: { roles: ['admin'] },
    })
    expect(escalate.statusCode).toBe(403)
    expect((await app.inject({ url: `/api/v1/users?orgId=${stranger.org.id}`, headers: orgAdmin.headers })).statusCode).toBe(403)
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${stranger.user.id}`,
          headers: orgAdmin.headers,
          payload: { status: 'suspended' },
        })
      ).statusCode,
    ).toBe(404)
    const users = User.array().parse((await app.inject({ url: '/api/v1/users', headers: orgAdmin.headers })).json())
    expect(users.every((u) => u.orgId === orgAdmin.org.id)).toBe(true)

    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.id}`,
      headers: orgAdmin.headers,
      payload: { roles: ['analyst', 'auditor'] },
    })
    expect(User.parse(changed.json()).roles).toEqual(['analyst', 'auditor'])
    const entry = await database()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.user.roles')
      .where('target_id', '=', member.id)
      .executeTakeFirstOrThrow()
    expect(entry.details).toEqual({ from: ['analyst'], to: ['analyst', 'auditor'] })
    expect(entry.actor).toBe(`user:${orgAdmin.user.id}`)
  })

  it('shows a new token once, lists it without the secret, and revokes only its own', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'] })
    const other = await seedUser(identity, { roles: ['analyst'] })
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: analyst.headers,
      payload: { name: 'taxii', expiresInDays: 30 },
    })
    expect(created.statusCode).toBe(201)
    const { token, secret } = CreatedApiToken.parse(created.json())
    const listed = await app.inject({ url: '/api/v1/tokens', headers: analyst.headers })
    expect(
      ApiToken.array()
        .parse(listed.json())
        .map((t) => t.name),
    ).toEqual(['test', 'taxii'])
    expect(listed.body).not.toContain(secret)
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: other.headers })).statusCode).toBe(404)
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: other.headers, payload: { userId: analyst.user.id } }))
        .statusCode,
    ).toBe(404)
    expect((await app.inject({ url: '/api/v1/session', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(200)
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: analyst.headers })
    expect(ApiToken.parse(revoked.json()).revokedAt).not.toBeNull()
    expect((await app.inject({ url: '/api/v1/session', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401)
  })

  it('shows an auditor its own organisation’s entries only, the admin all, and verifies the chain', async () => {
    const auditor = await seedUser(identity, { roles: ['auditor'] })
    const colleague = await seedUser(identity, { roles: ['analyst'], org: auditor.org })
    const outsider = await seedUser(identity, { roles: ['analyst'] })
    const admin = await seedUser(identity, { roles: ['admin'] })
    expect((await app.inject({ url: '/api/v1/audit', headers: colleague.headers })).statusCode).toBe(403)

    const scopedRes = await app.inject({ url: '/api/v1/audit?limit=1000', headers: auditor.headers })
    expect(scopedRes.statusCode, scopedRes.body).toBe(200)
    const scoped = AuditPage.parse(scopedRes.json())
    const targets = new Set(scoped.entries.map((e) => e.targetId))
    expect(targets).toContain(colleague.user.id)
    expect(targets).toContain(auditor.org.id)
    expect(targets).not.toContain(outsider.user.id)
    const all = AuditPage.parse((await app.inject({ url: '/api/v1/audit?limit=1000', headers: admin.headers })).json())
    expect(all.entries.map((e) => e.targetId)).toContain(outsider.user.id)
    const page = AuditPage.parse((await app.inject({ url: '/api/v1/audit?limit=2&after=1', headers: admin.headers })).json())
    expect(page.entries.map((e) => e.seq)).toEqual([2, 3])
    expect(page.next).toBe(3)

    expect((await app.inject({ url: '/api/v1/audit/verify', headers: auditor.headers })).statusCode).toBe(403)
    const verdict = AuditVerifyResult.parse((await app.inject({ url: '/api/v1/audit/verify', headers: admin.headers })).json())
    expect(verdict).toMatchObject({ ok: true, checkpoint: null })
    expect(verdict.entries).toBeGreaterThanOrEqual(all.entries.length)
  })
})
