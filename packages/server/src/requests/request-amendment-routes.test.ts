import { AssessmentSettings, IntakeDefaults, PublishedPeriods, RequestView } from '@vigil/contracts'
import { fixedClock } from '@vigil/core'
import { describeEachDatabase, type SeededUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { seedRequestsParties } from '../test-support/requests-parties.js'
import { buildTestApp, testSecrets } from '../test-support/test-app.js'

const PDF = Buffer.from('%PDF-1.7\n% a signed subpoena\n%%EOF\n')
const AGENCY = 'Federal Bureau of Investigation'

describeEachDatabase('withdrawing and correcting a request before review, over HTTP', (database) => {
  const clock = fixedClock(new Date('2026-03-01T12:00:00Z'))
  let app: VigilApp
  let requester: SeededUser
  let otherAgency: SeededUser
  let reviewer: SeededUser
  const policy = AssessmentSettings.parse({ publishedPeriods: ['2025-H2', '2026-H1'] })

  beforeAll(async () => {
    const identity = testAuthDeps(database(), clock)
    app = await buildTestApp(database(), { identity, requestsPolicy: policy, secrets: testSecrets() })
    ;({ requester, otherAgency, reviewer } = await seedRequestsParties(database(), identity, AGENCY))
  })
  afterAll(() => app?.close())

  const body = (caseNumber: string) => ({
    process: 'subpoena',
    subpoenaKind: 'criminal',
    agency: { name: AGENCY, country: 'US' },
    official: { name: 'Dana Agent', email: requester.user.email, phone: '+1 202 555 0100' },
    caseNumber,
    targets: [{ type: 'username', value: 'target_account' }],
    categories: ['basic_subscriber_info'],
    dateRange: { from: '2026-01-01', to: '2026-01-31' },
  })
  const submit = async (caseNumber: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: requester.headers,
      payload: {
        platformOrgId: reviewer.org.id,
        request: body(caseNumber),
        document: { filename: 'subpoena.pdf', signed: true, pdfBase64: PDF.toString('base64') },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    return RequestView.parse(res.json())
  }
  const withdraw = (who: SeededUser, id: string) =>
    app.inject({ method: 'POST', url: `/api/v1/requests/${id}/withdraw`, headers: who.headers })
  const correct = (who: SeededUser, id: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'PUT', url: `/api/v1/requests/${id}`, headers: who.headers, payload })
  const auditOf = (id: string) =>
    database()
      .db.selectFrom('audit_log')
      .select(['action', 'outcome', 'actor', 'details'])
      .where('target_type', '=', 'data_request')
      .where('target_id', '=', id)
      .orderBy('seq')
      .execute()

  it('fills the intake form from the requester’s verified organisation', async () => {
    const res = await app.inject({ url: '/api/v1/requests/intake-defaults', headers: requester.headers })
    expect(res.statusCode, res.body).toBe(200)
    expect(IntakeDefaults.parse(res.json())).toEqual({
      agency: { name: AGENCY, country: 'US', callbackPhone: '+1 202 324 3000' },
      officialEmail: requester.user.email,
    })
    expect((await app.inject({ url: '/api/v1/requests/intake-defaults', headers: otherAgency.headers })).json()).toMatchObject({
      agency: null,
    })
    expect((await app.inject({ url: '/api/v1/requests/intake-defaults', headers: reviewer.headers })).statusCode).toBe(403)
  })

  it('corrects a request awaiting review: assessed again, the new document hashed, audited', async () => {
    const submitted = await submit('FBI-2026-0100')
    const newPdf = Buffer.from('%PDF-1.7\n% the corrected subpoena\n%%EOF\n')
    const res = await correct(requester, submitted.id, {
      request: { ...body('FBI-2026-0101'), categories: ['basic_subscriber_info', 'ip_logs'] },
      document: { filename: 'subpoena-v2.pdf', signed: true, pdfBase64: newPdf.toString('base64') },
    })
    expect(res.statusCode, res.body).toBe(200)
    const corrected = RequestView.parse(res.json())
    expect(corrected).toMatchObject({ id: submitted.id, state: 'submitted', duplicateOf: null })
    expect(corrected.request.caseNumber).toBe('FBI-2026-0101')
    expect(corrected.request.legalDocument?.sha256).not.toBe(submitted.request.legalDocument?.sha256)
    // A subpoena reaches basic subscriber information only: the new category is dropped again.
    expect(corrected.assessment.droppedCategories.map((d) => d.category)).toEqual(['ip_logs'])
    const pdf = await app.inject({ url: `/api/v1/requests/${submitted.id}/document`, headers: reviewer.headers })
    expect(pdf.rawPayload.equals(newPdf)).toBe(true)
    expect((await auditOf(submitted.id)).map((e) => e.action)).toContain('requests.correct')
    const entry = (await auditOf(submitted.id)).find((e) => e.action === 'requests.correct')
    expect(entry).toMatchObject({ outcome: 'success', actor: `user:${requester.user.id}` })
    expect(entry?.details).toMatchObject({ changed: ['caseNumber', 'categories', 'legalDocument'] })
  })

  it('withdraws a request awaiting review, audited; a second withdrawal is a 409', async () => {
    const submitted = await submit('FBI-2026-0200')
    expect((await withdraw(otherAgency, submitted.id)).statusCode).toBe(404)
    expect((await withdraw(reviewer, submitted.id)).statusCode).toBe(403)
    const res = await withdraw(requester, submitted.id)
    expect(res.statusCode, res.body).toBe(200)
    expect(RequestView.parse(res.json()).state).toBe('withdrawn')
    const again = await withdraw(requester, submitted.id)
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('REQUESTS_REVIEW_STARTED')
    expect((await auditOf(submitted.id)).filter((e) => e.action === 'requests.transition').map((e) => e.details)).toEqual([
      expect.objectContaining({ action: 'withdraw', from: 'submitted', to: 'withdrawn' }),
    ])
  })

  it('refuses both with 409 REQUESTS_REVIEW_STARTED once a reviewer has picked the request up', async () => {
    const submitted = await submit('FBI-2026-0300')
    const start = await app.inject({
      method: 'POST',
      url: `/api/v1/requests/${submitted.id}/actions`,
      headers: reviewer.headers,
      payload: { type: 'start_review' },
    })
    expect(start.statusCode).toBe(200)
    const late = await withdraw(requester, submitted.id)
    expect(late.statusCode).toBe(409)
    expect(late.json().error).toMatchObject({ code: 'REQUESTS_REVIEW_STARTED', message: expect.stringContaining('in review') })
    const lateFix = await correct(requester, submitted.id, { request: body('FBI-2026-0301') })
    expect(lateFix.statusCode).toBe(409)
    expect(lateFix.json().error.code).toBe('REQUESTS_REVIEW_STARTED')
    const view = RequestView.parse((await app.inject({ url: `/api/v1/requests/${submitted.id}`, headers: requester.headers })).json())
    expect(view).toMatchObject({ state: 'in_review', request: { caseNumber: 'FBI-2026-0300' } })
  })

  it('lists the published transparency periods, newest first, to anyone, and documents the new routes', async () => {
    const res = await app.inject({ url: '/api/v1/transparency/periods' })
    expect(res.statusCode).toBe(200)
    expect(PublishedPeriods.parse(res.json())).toEqual({ periods: ['2026-H1', '2025-H2'] })
    const paths = Object.keys((await app.inject({ url: '/api/docs/json' })).json().paths)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/requests/{id}/withdraw',
        '/api/v1/requests/{id}',
        '/api/v1/requests/intake-defaults',
        '/api/v1/transparency/periods',
      ]),
    )
  })
})
