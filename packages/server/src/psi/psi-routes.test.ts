import { InitiatorBlinded, PSI_PROTOCOL, PsiSession, ResponderReply } from '@vigil/contracts'
import {
  finishInitiator,
  fixedClock,
  fromWire,
  generatePsiKeyPair,
  nobleX25519Group,
  type PsiDeps,
  type PsiStepMessage,
  psiKeyFingerprint,
  psiMessageDigest,
  respond,
  sessionBinding,
  signPsiMessage,
  startInitiator,
  toWire,
} from '@vigil/core'
import { createPsiDeps, nodeRandom } from '@vigil/storage'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'
import { startPsiSweeper } from './psi-sweeper.js'

const limits = { maxSetSize: 100 }
const agencyPhones = ['+15550100001', '+15550100002', '+15550100003', '+15550100004']
const platformPhones = ['+15550100003', '+15550100004', '+15550100005']

describeEachDatabase('PSI sessions over /api/v1/psi/sessions', (database) => {
  const clock = fixedClock(new Date('2026-05-01T09:00:00Z'))
  let app: VigilApp
  let agency: SeededUser
  let platform: SeededUser
  let outsider: SeededUser
  let psi: PsiDeps
  const keys = new Map<string, { secretKey: Uint8Array; publicKey: Uint8Array }>()
  /** A message as `who`'s organisation signs it for `session`'s `step`. */
  const signed = <M extends PsiStepMessage['message']>(who: SeededUser, session: PsiSession, step: PsiStepMessage['step'], message: M) => ({
    ...message,
    signature: signPsiMessage(keys.get(who.org.id)?.secretKey ?? new Uint8Array(32), sessionBinding(session), {
      step,
      message,
    } as PsiStepMessage),
  })
  beforeAll(async () => {
    const identity = testAuthDeps(database(), clock)
    psi = createPsiDeps(database().db, { clock, limits: { sessionsPerPair: 4, periodDays: 30 } })
    app = await buildTestApp(database(), { identity, psi })
    agency = await seedUser(identity, { roles: ['analyst'], kind: 'government' })
    platform = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
    outsider = await seedUser(identity, { roles: ['analyst'], kind: 'civil-society' })
    for (const who of [agency, platform, outsider]) {
      const key = generatePsiKeyPair(nodeRandom)
      keys.set(who.org.id, key)
      const res = await app.inject({
        method: 'PUT',
        url: '/api/v1/psi/key',
        headers: who.headers,
        payload: { publicKey: toWire(key.publicKey).data },
      })
      expect(res.json().fingerprint).toBe(psiKeyFingerprint(key.publicKey))
    }
  })
  afterAll(() => app?.close())

  const call = (who: SeededUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url: `/api/v1/psi/sessions${url}`, headers: who.headers, ...(payload === undefined ? {} : { payload }) })
  const propose = async (responderLearns: 'cardinality' | 'nothing' = 'cardinality', hours = 24) => {
    const res = await call(agency, 'POST', '', {
      responderOrgId: platform.org.id,
      purpose: 'Case 2026-114: phones behind the network',
      kind: 'phone',
      maxSetSize: 10,
      responderLearns,
      hours,
    })
    expect(res.statusCode, res.body).toBe(201)
    return PsiSession.parse(res.json())
  }

  it('runs a whole session: the initiator learns the shared selectors, the server never sees one', async () => {
    const session = await propose()
    expect(session).toMatchObject({ status: 'proposed', initiatorOrgId: agency.org.id, responderOrgId: platform.org.id })
    expect((await call(platform, 'POST', `/${session.id}/accept`)).json().status).toBe('accepted')

    // The agency's machine: blind and post message 1.
    const { state, message } = await startInitiator(nobleX25519Group, nodeRandom, sessionBinding(session), 'phone', agencyPhones, limits)
    const posted = await call(
      agency,
      'PUT',
      `/${session.id}/initiator-message`,
      signed(agency, session, 'initiator-message', {
        protocol: PSI_PROTOCOL,
        kind: 'phone',
        blinded: toWire(message.blinded),
      }),
    )
    expect(posted.json()).toMatchObject({ status: 'blinded', initiatorSetSize: 4 })

    // The platform's machine: fetch message 1, answer with message 2.
    const received = InitiatorBlinded.parse((await call(platform, 'GET', `/${session.id}/initiator-message`)).json())
    const reply = await respond(
      nobleX25519Group,
      nodeRandom,
      sessionBinding(session),
      'phone',
      platformPhones,
      { kind: received.kind, blinded: fromWire(received.blinded) },
      limits,
    )
    const replied = await call(
      platform,
      'PUT',
      `/${session.id}/responder-message`,
      signed(platform, session, 'responder-message', {
        protocol: PSI_PROTOCOL,
        doubleBlinded: toWire(reply.doubleBlinded),
        responderBlinded: toWire(reply.responderBlinded),
      }),
    )
    expect(replied.json()).toMatchObject({ status: 'replied', responderSetSize: 3 })

    // The agency's machine again: finish, report the size.
    const back = ResponderReply.parse((await call(agency, 'GET', `/${session.id}/responder-message`)).json())
    const result = await finishInitiator(
      nobleX25519Group,
      state,
      { doubleBlinded: fromWire(back.doubleBlinded), responderBlinded: fromWire(back.responderBlinded) },
      limits,
    )
    expect(result.shared).toEqual(['+15550100003', '+15550100004'])
    const done = await call(
      agency,
      'POST',
      `/${session.id}/outcome`,
      signed(agency, session, 'outcome', { protocol: PSI_PROTOCOL, intersectionSize: result.shared.length }),
    )
    expect(done.json()).toMatchObject({ status: 'completed', intersectionSize: 2 })
    expect((await call(platform, 'GET', `/${session.id}`)).json()).toMatchObject({ status: 'completed', intersectionSize: 2 })

    // No selector in the session's row or the audit log; the blinded messages are gone.
    const row = await database().db.selectFrom('psi_sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow()
    expect([row.initiator_message, row.responder_message]).toEqual([null, null])
    const audit = await database().db.selectFrom('audit_log').selectAll().where('target_id', '=', session.id).orderBy('seq').execute()
    expect(audit.map((a) => a.action)).toEqual([
      'psi.session.proposed',
      'psi.session.accepted',
      'psi.session.blinded',
      'psi.session.replied',
      'psi.session.completed',
    ])
    expect(audit.at(-1)?.details).toMatchObject({ initiatorSetSize: 4, responderSetSize: 3, intersectionSize: 2 })
    const stored = JSON.stringify([row, audit])
    for (const phone of [...agencyPhones, ...platformPhones]) expect(stored).not.toContain(phone.slice(1))

    // Both parties read the same trail, without the acting users; others get 404.
    for (const who of [agency, platform]) {
      const trail = await call(who, 'GET', `/${session.id}/audit`)
      expect(trail.statusCode, trail.body).toBe(200)
      expect(trail.json().steps.map((step: { action: string }) => step.action)).toEqual(audit.map((a) => a.action))
      expect(trail.body).not.toContain(agency.user.id)
      expect(trail.body).not.toContain(platform.user.id)
    }
    expect((await call(outsider, 'GET', `/${session.id}/audit`)).statusCode).toBe(404)
  })

  it('lets the responder decline a proposal: final, audited with its reason, and nothing runs after it', async () => {
    const proposed = await call(platform, 'POST', '', {
      responderOrgId: outsider.org.id,
      purpose: 'Case 2026-200: accounts behind the campaign',
      kind: 'account',
      maxSetSize: 10,
    })
    expect(proposed.statusCode, proposed.body).toBe(201)
    const session = PsiSession.parse(proposed.json())
    expect((await call(platform, 'POST', `/${session.id}/decline`, {})).statusCode).toBe(403)
    const declined = await call(outsider, 'POST', `/${session.id}/decline`, { reason: 'no legal basis for this purpose' })
    expect(declined.statusCode, declined.body).toBe(200)
    expect(declined.json().status).toBe('declined')
    expect((await call(outsider, 'POST', `/${session.id}/accept`)).json().error.code).toBe('PSI_SESSION_NOT_RUNNABLE')
    expect((await call(outsider, 'POST', `/${session.id}/decline`, {})).json().error.code).toBe('PSI_SESSION_NOT_RUNNABLE')
    expect((await call(platform, 'GET', `/${session.id}`)).json().status).toBe('declined')
    const trail = (await call(platform, 'GET', `/${session.id}/audit`)).json()
    expect(trail.steps.map((step: { action: string }) => step.action)).toEqual(['psi.session.proposed', 'psi.session.declined'])
    expect(trail.steps[1].details).toEqual({ reason: 'no legal basis for this purpose' })
  })

  it('under the terms `nothing`, the default, completes without any size: the server refuses one', async () => {
    const res = await call(agency, 'POST', '', {
      responderOrgId: platform.org.id,
      purpose: 'Case 2026-115: terms left to the default',
      kind: 'phone',
      maxSetSize: 10,
    })
    const session = PsiSession.parse(res.json())
    expect(session.responderLearns).toBe('nothing')
    await call(platform, 'POST', `/${session.id}/accept`)
    const { message } = await startInitiator(nobleX25519Group, nodeRandom, sessionBinding(session), 'phone', agencyPhones, limits)
    await call(
      agency,
      'PUT',
      `/${session.id}/initiator-message`,
      signed(agency, session, 'initiator-message', {
        protocol: PSI_PROTOCOL,
        kind: 'phone',
        blinded: toWire(message.blinded),
      }),
    )
    const reply = await respond(nobleX25519Group, nodeRandom, sessionBinding(session), 'phone', platformPhones, message, limits)
    await call(
      platform,
      'PUT',
      `/${session.id}/responder-message`,
      signed(platform, session, 'responder-message', {
        protocol: PSI_PROTOCOL,
        doubleBlinded: toWire(reply.doubleBlinded),
        responderBlinded: toWire(reply.responderBlinded),
      }),
    )
    const withSize = await call(
      agency,
      'POST',
      `/${session.id}/outcome`,
      signed(agency, session, 'outcome', { protocol: PSI_PROTOCOL, intersectionSize: 2 }),
    )
    expect([withSize.statusCode, withSize.json().error.code]).toEqual([400, 'PSI_INVALID_MESSAGE'])
    const done = await call(agency, 'POST', `/${session.id}/outcome`, signed(agency, session, 'outcome', { protocol: PSI_PROTOCOL }))
    expect(done.json()).toMatchObject({ status: 'completed', intersectionSize: null })
    expect((await call(platform, 'GET', `/${session.id}`)).json()).toMatchObject({ status: 'completed', intersectionSize: null })
    const row = await database().db.selectFrom('psi_sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow()
    expect(row.intersection_size).toBeNull()
    const completed = await database()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', session.id)
      .where('action', '=', 'psi.session.completed')
      .executeTakeFirstOrThrow()
    expect(completed.details).not.toHaveProperty('intersectionSize')
  })

  it('refuses to run a session that was not accepted, or has expired', async () => {
    const unaccepted = await propose('cardinality', 1)
    const { message } = await startInitiator(nobleX25519Group, nodeRandom, sessionBinding(unaccepted), 'phone', agencyPhones, limits)
    const body = signed(agency, unaccepted, 'initiator-message', {
      protocol: PSI_PROTOCOL,
      kind: 'phone',
      blinded: toWire(message.blinded),
    })
    const early = await call(agency, 'PUT', `/${unaccepted.id}/initiator-message`, body)
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'PSI_SESSION_NOT_RUNNABLE'])
    await call(platform, 'POST', `/${unaccepted.id}/accept`)
    clock.advance(61 * 60_000)
    const late = await call(agency, 'PUT', `/${unaccepted.id}/initiator-message`, body)
    expect([late.statusCode, late.json().error.code]).toEqual([410, 'PSI_SESSION_EXPIRED'])
    expect((await call(agency, 'GET', `/${unaccepted.id}`)).json().status).toBe('expired')
  })

  it('keeps others out, each side to its own steps, sets within the cap, and sessions per pair within the limit', async () => {
    const session = await propose()
    expect((await call(outsider, 'GET', `/${session.id}`)).statusCode).toBe(404)
    expect((await call(outsider, 'POST', `/${session.id}/accept`)).statusCode).toBe(404)
    expect((await call(agency, 'POST', `/${session.id}/accept`)).statusCode).toBe(403)
    await call(platform, 'POST', `/${session.id}/accept`)
    const big = await startInitiator(
      nobleX25519Group,
      nodeRandom,
      sessionBinding(session),
      'phone',
      Array.from({ length: 11 }, (_, i) => `+1555020${String(i).padStart(4, '0')}`),
      limits,
    )
    const tooBig = await call(
      agency,
      'PUT',
      `/${session.id}/initiator-message`,
      signed(agency, session, 'initiator-message', {
        protocol: PSI_PROTOCOL,
        kind: 'phone',
        blinded: toWire(big.message.blinded),
      }),
    )
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([413, 'PSI_SET_TOO_LARGE'])
    const badLength = await call(
      agency,
      'PUT',
      `/${session.id}/initiator-message`,
      signed(agency, session, 'initiator-message', {
        protocol: PSI_PROTOCOL,
        kind: 'phone',
        blinded: { count: 2, data: 'AAAA' },
      }),
    )
    expect(badLength.statusCode).toBe(400)
    expect((await call(agency, 'GET', '')).json().sessions.map((s: PsiSession) => s.id)).toContain(session.id)
    // Four sessions per pair in this test's period (either way round), then no more.
    const fifth = await call(platform, 'POST', '', {
      responderOrgId: agency.org.id,
      purpose: 'one session too many for the pair',
      kind: 'email',
      maxSetSize: 5,
    })
    expect([fifth.statusCode, fifth.json().error.code]).toEqual([429, 'RATE_LIMITED'])
    // Each refusal is audited as denied, with its reason.
    const denied = await database()
      .db.selectFrom('audit_log')
      .select(['action', 'target_id', 'details'])
      .where('outcome', '=', 'denied')
      .where('action', 'like', 'psi.%')
      .orderBy('seq')
      .execute()
    expect(denied.filter((d) => d.target_id === session.id)).toEqual([
      { action: 'psi.session.blinded', target_id: session.id, details: expect.objectContaining({ code: 'PSI_SET_TOO_LARGE' }) },
    ])
    expect(denied.at(-1)).toMatchObject({ action: 'psi.session.proposed', details: { code: 'RATE_LIMITED' } })
  })

  it('clears the blinded messages of a session that expired without completing, audited', async () => {
    // Another pair: the agency and the platform used up their sessions above.
    const proposed = await call(agency, 'POST', '', {
      responderOrgId: outsider.org.id,
      purpose: 'Case 2026-116: a session left to expire',
      kind: 'phone',
      maxSetSize: 10,
      hours: 1,
    })
    const session = PsiSession.parse(proposed.json())
    await call(outsider, 'POST', `/${session.id}/accept`)
    const { message } = await startInitiator(nobleX25519Group, nodeRandom, sessionBinding(session), 'phone', agencyPhones, limits)
    await call(
      agency,
      'PUT',
      `/${session.id}/initiator-message`,
      signed(agency, session, 'initiator-message', {
        protocol: PSI_PROTOCOL,
        kind: 'phone',
        blinded: toWire(message.blinded),
      }),
    )
    const sweeper = startPsiSweeper(psi, app.log, 3_600_000)
    const row = () => database().db.selectFrom('psi_sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow()
    try {
      await sweeper.sweep()
      expect((await row()).initiator_message).not.toBeNull() // not expired yet
      clock.advance(61 * 60_000)
      await sweeper.sweep()
      expect([(await row()).initiator_message, (await row()).responder_message]).toEqual([null, null])
      const expired = await database()
        .db.selectFrom('audit_log')
        .selectAll()
        .where('target_id', '=', session.id)
        .where('action', '=', 'psi.session.expired')
        .execute()
      expect(expired).toHaveLength(1)
      expect(expired[0]).toMatchObject({ actor: 'system:psi-sweeper', outcome: 'success', details: { status: 'blinded' } })
      await sweeper.sweep() // nothing left to clear: no second entry
      expect(await database().db.selectFrom('audit_log').select('seq').where('action', '=', 'psi.session.expired').execute()).toHaveLength(
        1,
      )
    } finally {
      await sweeper.stop()
    }
  })

  it('refuses a forged, tampered or spliced message, audited as denied with its reason', async () => {
    // The pair used up its sessions above; a later period opens it again.
    clock.advance(31 * 24 * 3_600_000)
    const first = await propose('nothing')
    const other = await propose('nothing')
    for (const s of [first, other]) await call(platform, 'POST', `/${s.id}/accept`)
    const { message } = await startInitiator(nobleX25519Group, nodeRandom, sessionBinding(first), 'phone', agencyPhones, limits)
    const content = { protocol: PSI_PROTOCOL, kind: 'phone' as const, blinded: toWire(message.blinded) }
    const put = (s: PsiSession, body: Record<string, unknown>) => call(agency, 'PUT', `/${s.id}/initiator-message`, body)
    const forged = await put(first, signed(outsider, first, 'initiator-message', content))
    const tampered = await put(first, {
      ...signed(agency, first, 'initiator-message', content),
      blinded: toWire(message.blinded.slice().reverse()),
    })
    const spliced = await put(other, signed(agency, first, 'initiator-message', content))
    const wrongStep = await put(first, { ...content, signature: signed(agency, first, 'outcome', { protocol: PSI_PROTOCOL }).signature })
    for (const res of [forged, tampered, spliced, wrongStep]) {
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'PSI_SIGNATURE_INVALID'])
    }
    const good = signed(agency, first, 'initiator-message', content)
    expect((await put(first, good)).json().status).toBe('blinded')
    const denied = await database()
      .db.selectFrom('audit_log')
      .select(['target_id', 'details'])
      .where('outcome', '=', 'denied')
      .where('target_id', 'in', [first.id, other.id])
      .execute()
    expect(denied.every((d) => (d.details as { code?: string }).code === 'PSI_SIGNATURE_INVALID')).toBe(true)
    expect(denied.map((d) => d.target_id).sort()).toEqual([first.id, first.id, first.id, other.id].sort())
    const blinded = await database()
      .db.selectFrom('audit_log')
      .select('details')
      .where('target_id', '=', first.id)
      .where('action', '=', 'psi.session.blinded')
      .where('outcome', '=', 'success')
      .executeTakeFirstOrThrow()
    expect(blinded.details).toMatchObject({ messageSha256: psiMessageDigest({ step: 'initiator-message', message: content }) })
  })

  it("shows an organisation's PSI key and fingerprint, and refuses a key that is not a point", async () => {
    const shown = await app.inject({ method: 'GET', url: `/api/v1/psi/keys/${platform.org.id}`, headers: agency.headers })
    expect(shown.json()).toMatchObject({
      orgId: platform.org.id,
      fingerprint: psiKeyFingerprint(keys.get(platform.org.id)?.publicKey ?? new Uint8Array()),
    })
    const none = await app.inject({ method: 'GET', url: `/api/v1/psi/keys/${crypto.randomUUID()}`, headers: agency.headers })
    expect(none.statusCode).toBe(404)
    const notAPoint = await app.inject({
      method: 'PUT',
      url: '/api/v1/psi/key',
      headers: outsider.headers,
      payload: { publicKey: toWire(new Uint8Array(32).fill(255)).data },
    })
    expect([notAPoint.statusCode, notAPoint.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })
})
