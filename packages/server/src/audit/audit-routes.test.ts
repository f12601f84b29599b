import { AuditPage } from '@vigil/contracts'
import { describeEachDatabase, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

describeEachDatabase('the audit log API: names, newest first, filters', (database) => {
  let app: VigilApp
  let identity: ReturnType<typeof testAuthDeps>
  beforeAll(async () => {
    identity = testAuthDeps(database())
    app = await buildTestApp(database(), { identity })
  })
  afterAll(() => app?.close())

  const read = async (query: string, headers: Record<string, string>) => {
    const res = await app.inject({ url: `/api/v1/audit?${query}`, headers })
    expect(res.statusCode, res.body).toBe(200)
    return AuditPage.parse(res.json())
  }

  it('names the acting user and organisation, lists newest first by cursor, and filters by action, actor and time', async () => {
    const admin = await seedUser(identity, { roles: ['admin'] })
    const analyst = await seedUser(identity, { roles: ['analyst'] })
    const before = new Date().toISOString()
    for (const name of ['one', 'two', 'three']) {
      const created = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: analyst.headers, payload: { name } })
      expect(created.statusCode).toBe(201)
    }
    const after = new Date(Date.now() + 1000).toISOString()

    const newest = await read('order=desc&limit=2&action=auth.token.create', admin.headers)
    const [first, second] = newest.entries
    if (!first || !second) throw new Error('two entries expected')
    expect(first.seq).toBeGreaterThan(second.seq)
    expect(first).toMatchObject({ actorName: analyst.user.email, actorOrg: analyst.org.name })
    expect(newest.next).toBe(second.seq)
    const older = await read(`order=desc&limit=2&action=auth.token.create&before=${newest.next}`, admin.headers)
    expect(older.entries[0]?.details).toMatchObject({ name: 'one' })

    // By actor: part of the e-mail address, part of the organisation's name, or the actor id.
    const mine = (q: string) => read(`order=desc&limit=100&action=auth.token.create&actor=${encodeURIComponent(q)}`, admin.headers)
    for (const q of [analyst.user.email.slice(0, 10).toUpperCase(), analyst.org.name, `user:${analyst.user.id}`]) {
      expect((await mine(q)).entries.map((e) => e.actor)).toEqual(Array(3).fill(`user:${analyst.user.id}`))
    }
    // `%` is no wildcard.
    expect((await mine('%')).entries).toEqual([])
    // By time: `from` inclusive, `to` exclusive.
    const inWindow = await read(`action=auth.token.create&from=${before}&to=${after}&limit=100`, admin.headers)
    expect(inWindow.entries.filter((e) => e.actor === `user:${analyst.user.id}`)).toHaveLength(3)
    expect((await read(`action=auth.token.create&from=${after}`, admin.headers)).entries).toEqual([])
    expect((await app.inject({ url: '/api/v1/audit?from=yesterday', headers: admin.headers })).statusCode).toBe(400)
  })

  it("keeps an auditor to its organisation's entries when filtering", async () => {
    const auditor = await seedUser(identity, { roles: ['auditor'] })
    const outsider = await seedUser(identity, { roles: ['analyst'] })
    await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: outsider.headers, payload: { name: 'x' } })
    const page = await read(`order=desc&actor=${encodeURIComponent(outsider.user.email)}`, auditor.headers)
    expect(page.entries).toEqual([])
  })
})
