import { RecoveryCodes, SessionInfo, TotpEnrolment } from '@vigil/contracts'
import { currentTotp, fixedClock, LOCKOUT_MS, LOCKOUT_THRESHOLD } from '@vigil/core'
import { describeEachDatabase, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import type { FastifyPluginAsync } from 'fastify'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

const PASSWORD = 'correct horse battery staple'
const probe: FastifyPluginAsync = async (app) => {
  app.get('/probe/review', { config: { permission: 'requests:review' } }, async () => ({ ok: true }))
}

describeEachDatabase('sign-in, sessions and second factors', (database) => {
  const clock = fixedClock(new Date('2026-04-01T08:00:00Z'))
  const logs: string[] = []
  let app: VigilApp
  let identity: ReturnType<typeof testAuthDeps>
  beforeAll(async () => {
    identity = testAuthDeps(database(), clock)
    const logger = pino({ level: 'trace' }, { write: (line: string) => logs.push(line) })
    app = await buildTestApp(database(), { identity, logger, plugins: [probe], env: { VIGIL_SIGN_IN_LIMIT_PER_MINUTE: '1000' } })
  })
  afterAll(() => app?.close())

  const signIn = (email: string, password: string, secondFactor?: string) =>
    app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password, ...(secondFactor ? { secondFactor } : {}) } })
  const auditOf = (userId: string) =>
    database().db.selectFrom('audit_log').select(['action', 'outcome', 'details']).where('target_id', '=', userId).orderBy('seq').execute()

  it('locks the account after ten wrong passwords in a row, audits the lock, and lifts it later', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'], password: PASSWORD })
    for (let i = 1; i <= LOCKOUT_THRESHOLD; i++) {
      const res = await signIn(analyst.user.email, `wrong password ${i}`)
      expect(res.statusCode).toBe(401)
      expect(res.json().error.message).toBe('wrong e-mail or password')
    }
    const locked = await signIn(analyst.user.email, PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(locked.json().error.code).toBe('AUTH_ACCOUNT_LOCKED')

    const audit = await auditOf(analyst.user.id)
    const logins = audit.filter((e) => e.action === 'auth.login')
    expect(logins.filter((e) => e.details.reason === 'wrong-password')).toHaveLength(LOCKOUT_THRESHOLD)
    expect(logins.at(-1)).toMatchObject({ outcome: 'failure', details: { reason: 'locked' } })
    const lock = audit.find((e) => e.action === 'auth.account.lock')
    expect(lock).toMatchObject({ outcome: 'success', details: { failures: LOCKOUT_THRESHOLD } })

    clock.advance(LOCKOUT_MS + 1000)
    expect((await signIn(analyst.user.email, PASSWORD)).statusCode).toBe(200)
  })

  it('does not lock after nine failures followed by a success', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'], password: PASSWORD })
    for (let i = 1; i < LOCKOUT_THRESHOLD; i++) await signIn(analyst.user.email, 'nope')
    expect((await signIn(analyst.user.email, PASSWORD)).statusCode).toBe(200)
    for (let i = 1; i < LOCKOUT_THRESHOLD; i++) await signIn(analyst.user.email, 'nope')
    expect((await signIn(analyst.user.email, PASSWORD)).statusCode).toBe(200)
  })

  it('sets a httpOnly SameSite=Strict session cookie, demands the CSRF token for writes, and signs out', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'], password: PASSWORD })
    const res = await signIn(analyst.user.email.toUpperCase(), PASSWORD)
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'vigil_session')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    const info = SessionInfo.parse(res.json())
    expect(info).toMatchObject({ via: 'session', pending: null, user: { id: analyst.user.id } })
    const cookies = { vigil_session: cookie?.value ?? '' }

    expect(SessionInfo.parse((await app.inject({ url: '/api/v1/session', cookies })).json()).csrfToken).toBe(info.csrfToken)
    const noCsrf = await app.inject({ method: 'DELETE', url: '/api/v1/session', cookies })
    expect(noCsrf.statusCode).toBe(403)
    expect(noCsrf.json().error.code).toBe('AUTH_CSRF_FAILED')
    const wrongCsrf = await app.inject({ method: 'DELETE', url: '/api/v1/session', cookies, headers: { 'x-csrf-token': 'x'.repeat(43) } })
    expect(wrongCsrf.statusCode).toBe(403)
    // A token holder is not a browser: no CSRF token needed.
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: analyst.headers })).statusCode).toBe(204)

    const out = await app.inject({ method: 'DELETE', url: '/api/v1/session', cookies, headers: { 'x-csrf-token': info.csrfToken ?? '' } })
    expect(out.statusCode).toBe(204)
    const after = await app.inject({ url: '/api/v1/session', cookies })
    expect(after.statusCode).toBe(401)
    expect(after.json().error.message).toMatch(/revoked/)
  })

  it('makes a reviewer enrol TOTP before acting, then requires a code or a one-time recovery code', async () => {
    const reviewer = await seedUser(identity, { roles: ['reviewer'], password: PASSWORD })
    const first = await signIn(reviewer.user.email, PASSWORD)
    const info = SessionInfo.parse(first.json())
    expect(info.pending).toBe('totp-enrolment')
    const cookies = { vigil_session: first.cookies.find((c) => c.name === 'vigil_session')?.value ?? '' }
    const headers = { 'x-csrf-token': info.csrfToken ?? '' }
    const blocked = await app.inject({ url: '/probe/review', cookies })
    expect(blocked.statusCode).toBe(401)
    expect(blocked.json().error.code).toBe('AUTH_SECOND_FACTOR_REQUIRED')

    const enrolment = TotpEnrolment.parse((await app.inject({ method: 'POST', url: '/api/v1/session/totp', cookies, headers })).json())
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Vigil:/)
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/session/totp/confirm', cookies, headers, payload: { code: '000000' } })
    expect(wrong.statusCode).toBe(400)
    const confirmed = await app.inject({
      method: 'POST',
      url: '/api/v1/session/totp/confirm',
      cookies,
      headers,
      payload: { code: currentTotp(enrolment.secret, clock.now()) },
    })
    const { recoveryCodes } = RecoveryCodes.parse(confirmed.json())
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    expect((await app.inject({ url: '/probe/review', cookies })).statusCode).toBe(200)

    const noCode = await signIn(reviewer.user.email, PASSWORD)
    expect(noCode.statusCode).toBe(401)
    expect(noCode.json().error.code).toBe('AUTH_SECOND_FACTOR_REQUIRED')
    expect((await signIn(reviewer.user.email, PASSWORD, '123456')).statusCode).toBe(401)
    clock.advance(30_000)
    const code = currentTotp(enrolment.secret, clock.now())
    expect((await signIn(reviewer.user.email, PASSWORD, code)).statusCode).toBe(200)
    // The same code a second time, within its 30 seconds, is a replay.
    expect((await signIn(reviewer.user.email, PASSWORD, code)).statusCode).toBe(401)
    const recovery = recoveryCodes[0] ?? ''
    expect((await signIn(reviewer.user.email, PASSWORD, recovery.toUpperCase())).statusCode).toBe(200)
    expect((await signIn(reviewer.user.email, PASSWORD, recovery)).statusCode).toBe(401)
    const stored = await database().db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', reviewer.user.id).execute()
    expect(stored.map((r) => r.code_hash)).not.toContain(recovery)
    expect((await auditOf(reviewer.user.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.totp.enable', 'auth.recovery-code.use']),
    )
  })

  it('never writes passwords, tokens, cookies or recovery codes to the log or into a response', async () => {
    const analyst = await seedUser(identity, { roles: ['analyst'], password: PASSWORD })
    const bad = await signIn(analyst.user.email, 'a wrong secret password')
    const good = await signIn(analyst.user.email, PASSWORD)
    const cookie = good.cookies.find((c) => c.name === 'vigil_session')?.value ?? ''
    const viaToken = await app.inject({ url: '/api/v1/session', headers: analyst.headers })
    const basic = Buffer.from(`${analyst.user.email}:${analyst.token}`).toString('base64')
    await app.inject({ url: '/api/v1/session', headers: { authorization: `Basic ${basic}` } })
    const text = logs.join('\n')
    expect(text).toContain('"url":"/api/v1/session"')
    for (const secret of [PASSWORD, 'a wrong secret password', analyst.token, cookie, basic]) expect(text).not.toContain(secret)
    for (const body of [bad.body, good.body, viaToken.body]) {
      expect(body).not.toMatch(/scrypt\$|password_?hash|token_?hash|totp_?secret/i)
      for (const secret of [PASSWORD, 'a wrong secret password', analyst.token]) expect(body).not.toContain(secret)
    }
  })
})
