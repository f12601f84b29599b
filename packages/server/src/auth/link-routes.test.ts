import { OneTimeLink, SessionInfo } from '@vigil/contracts'
import { fixedClock } from '@vigil/core'
import { describeEachDatabase, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

describeEachDatabase('invitations, password resets and password changes', (database) => {
  const clock = fixedClock(new Date('2026-05-01T09:00:00Z'))
  let app: VigilApp
  let identity: ReturnType<typeof testAuthDeps>
  beforeAll(async () => {
    identity = testAuthDeps(database(), clock)
    app = await buildTestApp(database(), { identity })
  })
  afterAll(() => app?.close())

  const tokenOf = (link: OneTimeLink) => new URL(link.url).hash.replace('#token=', '')
  const signIn = (email: string, password: string) => app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } })
  const redeem = (token: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/one-time-links/redeem', payload: { token, password } })

  it('lets an invited user set a first password once, before the link expires', async () => {
    const orgAdmin = await seedUser(identity, { roles: ['org-admin'] })
    const invitee = await seedUser(identity, { roles: ['analyst'], org: orgAdmin.org })
    const outsider = await seedUser(identity, { roles: ['org-admin'] })
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/users/${invitee.user.id}/invitation`, headers: outsider.headers })).statusCode,
    ).toBe(404)
    const res = await app.inject({ method: 'POST', url: `/api/v1/users/${invitee.user.id}/invitation`, headers: orgAdmin.headers })
    expect(res.statusCode).toBe(201)
    const link = OneTimeLink.parse(res.json())
    expect(link.url).toMatch(/\/account\/set-password#token=[\w-]{43}$/)
    expect((await redeem(tokenOf(link), 'short')).statusCode).toBe(400)
    expect((await redeem(tokenOf(link), 'my first real password')).statusCode).toBe(204)
    expect((await redeem(tokenOf(link), 'a second go at it!!')).statusCode).toBe(401)
    expect(SessionInfo.parse((await signIn(invitee.user.email, 'my first real password')).json()).user.id).toBe(invitee.user.id)

    const late = OneTimeLink.parse(
      (await app.inject({ method: 'POST', url: `/api/v1/users/${invitee.user.id}/password-reset`, headers: orgAdmin.headers })).json(),
    )
    clock.advance(60 * 60 * 1000 + 1)
    expect((await redeem(tokenOf(late), 'too late for this one')).statusCode).toBe(401)
    const actions = await database().db.selectFrom('audit_log').select('action').where('target_id', '=', invitee.user.id).execute()
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.invitation.create', 'auth.invitation.accept', 'auth.password-reset.create']),
    )
  })

  it('ends every session when the password is reset or changed', async () => {
    const orgAdmin = await seedUser(identity, { roles: ['org-admin'] })
    const user = await seedUser(identity, { roles: ['analyst'], org: orgAdmin.org, password: 'the original password' })
    const session = await signIn(user.user.email, 'the original password')
    const cookies = { vigil_session: session.cookies.find((c) => c.name === 'vigil_session')?.value ?? '' }
    const csrf = SessionInfo.parse(session.json()).csrfToken ?? ''

    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      cookies,
      headers: { 'x-csrf-token': csrf },
      payload: { current: 'not it', password: 'a brand new password' },
    })
    expect(wrong.statusCode).toBe(403)
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      cookies,
      headers: { 'x-csrf-token': csrf },
      payload: { current: 'the original password', password: 'a brand new password' },
    })
    expect(changed.statusCode).toBe(204)
    expect((await app.inject({ url: '/api/v1/session', cookies })).statusCode).toBe(401)
    expect((await signIn(user.user.email, 'the original password')).statusCode).toBe(401)
    expect((await signIn(user.user.email, 'a brand new password')).statusCode).toBe(200)

    const reset = OneTimeLink.parse(
      (await app.inject({ method: 'POST', url: `/api/v1/users/${user.user.id}/password-reset`, headers: orgAdmin.headers })).json(),
    )
    expect((await redeem(tokenOf(reset), 'the reset password here')).statusCode).toBe(204)
    expect((await signIn(user.user.email, 'the reset password here')).statusCode).toBe(200)
  })
})
