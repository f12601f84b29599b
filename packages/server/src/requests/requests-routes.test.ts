import { createHash, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  ActionResult,
  AssessmentSettings,
  RequestRecord,
  RequestView,
  TRANSPARENCY_CSV_COLUMNS,
  TransparencyReport,
} from '@vigil/contracts'
import { fixedClock, systemActor } from '@vigil/core'
import {
  importAccounts,
  markSenderCompromised,
  parseAccountFile,
  purgeExpiredRecords,
  releaseDueNotices,
  verifyAuditLog,
} from '@vigil/storage'
import { describeEachDatabase, readZip, type SeededUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { seedRequestsParties } from '../test-support/requests-parties.js'
import { buildTestApp, testSecrets } from '../test-support/test-app.js'

const ACCOUNTS = fileURLToPath(new URL('../../../../docs/examples/accounts.ndjson', import.meta.url))
const PDF = Buffer.from('%PDF-1.7\n% a signed 2703(d) order\n%%EOF\n')
const AGENCY = 'Federal Bureau of Investigation'

describeEachDatabase('the data-request portal over HTTP', (database) => {
  const clock = fixedClock(new Date('2026-03-01T12:00:00Z'))
  const secrets = testSecrets()
  let app: VigilApp
  let identity: ReturnType<typeof testAuthDeps>
  let requester: SeededUser
  let otherAgency: SeededUser
  let reviewer: SeededUser
  let otherPlatform: SeededUser
  const policy = AssessmentSettings.parse({ publishedPeriods: ['2026-H1'] })

  beforeAll(async () => {
    identity = testAuthDeps(database(), clock)
    app = await buildTestApp(database(), { identity, requestsPolicy: policy, secrets })
    ;({ requester, otherAgency, reviewer, otherPlatform } = await seedRequestsParties(database(), identity, AGENCY))
    const { db } = database()
    await importAccounts(db, parseAccountFile(readFileSync(ACCOUNTS, 'utf8')))
  })
  afterAll(() => app?.close())

  const submit = (who: SeededUser, request: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: who.headers,
      payload: {
        platformOrgId: reviewer.org.id,
        request: {
          process: 'court_order_2703d',
          agency: { name: AGENCY, country: 'US' },
          official: { name: 'Dana Agent', email: who.user.email, phone: '+1 202 555 0100' },
          caseNumber: 'FBI-2026-0042',
          targets: [{ type: 'username', value: 'target_account' }],
          categories: ['basic_subscriber_info', 'ip_logs', 'message_content'],
          dateRange: { from: '2026-01-01', to: '2026-01-31' },
          nonDisclosureOrder: { expiresOn: '2026-06-30' },
          ...request,
        },
        document: { filename: 'order.pdf', signed: true, pdfBase64: PDF.toString('base64') },
      },
    })
  const act = (who: SeededUser, id: string, action: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/v1/requests/${id}/actions`, headers: who.headers, payload: action })

  let requestId = ''
  let downloadUrl = ''

  it('takes a requester submission, hashes the PDF, and recommends narrowing', async () => {
    const res = await submit(requester, {})
    expect(res.statusCode, res.body).toBe(201)
    const view = RequestView.parse(res.json())
    requestId = view.id
    expect(view.state).toBe('submitted')
    // A court order must be picked up within 48 hours of arriving (docs/REQUESTS.md, SLA).
    expect(view.slaDueAt).toBe(new Date(clock.now().getTime() + 48 * 3_600_000).toISOString())
    expect(view.request.legalDocument).toEqual({ sha256: createHash('sha256').update(PDF).digest('hex'), signed: true })
    expect(view.assessment.outcome).toBe('narrow')
    expect(view.assessment.droppedCategories.map((d) => d.category)).toEqual(['message_content'])
    expect(view.assessment.notification).toMatchObject({ timing: 'after_ndo_expiry', notBefore: '2026-07-01' })
  })

  it('refuses a requester without a second factor as a security event, and non-PDF documents', async () => {
    const res = await submit(otherAgency, { caseNumber: 'X-1' })
    expect(res.statusCode).toBe(201)
    expect(RequestView.parse(res.json())).toMatchObject({ state: 'rejected', rejectCode: 'UNVERIFIED_REQUESTER' })
    const notPdf = await app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: requester.headers,
      payload: {
        platformOrgId: reviewer.org.id,
        request: { process: 'subpoena', agency: { country: 'US' }, official: {} },
        document: { filename: 'a.pdf', signed: true, pdfBase64: Buffer.from('hello').toString('base64') },
      },
    })
    expect(notPdf.statusCode).toBe(400)
    expect(reviewer.actor.kind).toBe('user')
    const toAgency = await app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: requester.headers,
      payload: {
        platformOrgId: otherAgency.org.id,
        request: { process: 'subpoena', agency: { country: 'US' }, official: {} },
        document: { filename: 'a.pdf', signed: true, pdfBase64: PDF.toString('base64') },
      },
    })
    expect(toAgency.statusCode).toBe(400)
    expect(toAgency.json().error.message).toMatch(/platformOrgId/)
    const denied = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: reviewer.headers, payload: {} })
    expect(denied.statusCode).toBe(403)
  })

  it('never shows a request to another agency or another platform', async () => {
    for (const outsider of [otherAgency, otherPlatform]) {
      expect((await app.inject({ url: `/api/v1/requests/${requestId}`, headers: outsider.headers })).statusCode).toBe(404)
      const list = (await app.inject({ url: '/api/v1/requests', headers: outsider.headers })).json()
      expect(list.requests.map((r: RequestView) => r.id)).not.toContain(requestId)
      expect((await act(outsider, requestId, { type: 'withdraw' })).statusCode).toBe(404)
    }
    const mine = (await app.inject({ url: '/api/v1/requests', headers: requester.headers })).json()
    expect(mine.requests.map((r: RequestView) => r.id)).toEqual([requestId])
    const queue = (await app.inject({ url: '/api/v1/requests', headers: reviewer.headers })).json()
    expect(queue.requests.map((r: RequestView) => r.id)).toContain(requestId)
    // A requester cannot review its own request.
    expect((await act(requester, requestId, { type: 'start_review' })).statusCode).toBe(403)
  })

  it("serves a request's legal document to its reviewers and requester only, audited", async () => {
    // The other agency's request: its requester and the platform's reviewer are its parties.
    const [ordered] = (await app.inject({ url: '/api/v1/requests', headers: otherAgency.headers })).json().requests as RequestView[]
    if (!ordered) throw new Error('the other agency has no request')
    const url = `/api/v1/requests/${ordered.id}/document`
    for (const party of [reviewer, otherAgency]) {
      const res = await app.inject({ url, headers: party.headers })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
      expect(res.headers['content-disposition']).toBe('inline; filename="order.pdf"')
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'self'")
      expect(res.rawPayload.equals(PDF)).toBe(true)
    }
    for (const outsider of [requester, otherPlatform]) expect((await app.inject({ url, headers: outsider.headers })).statusCode).toBe(404)
    expect((await app.inject({ url })).statusCode).toBe(401)
    const audit = await database()
      .db.selectFrom('audit_log')
      .select(['outcome', 'actor'])
      .where('action', '=', 'requests.document.read')
      .where('target_id', '=', ordered.id)
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.outcome)).toEqual(['success', 'success', 'denied', 'denied'])
    expect(audit[0]?.actor).toBe(`user:${reviewer.user.id}`)
  })

  it('lets the reviewer narrow and disclose, and the package holds exactly the approved data', async () => {
    expect((await act(reviewer, requestId, { type: 'start_review' })).statusCode).toBe(200)
    const narrowed = await act(reviewer, requestId, {
      type: 'narrow',
      categories: ['basic_subscriber_info', 'ip_logs'],
      note: 'content needs a warrant',
    })
    expect(ActionResult.parse(narrowed.json()).request.state).toBe('narrowed')
    const disclosed = ActionResult.parse((await act(reviewer, requestId, { type: 'disclose' })).json())
    expect(disclosed.request.state).toBe('disclosed')
    downloadUrl = disclosed.download?.url ?? ''
    const res = await app.inject({ url: downloadUrl, headers: requester.headers })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/zip')
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(disclosed.download?.sha256)
    const files = readZip(res.rawPayload)
    expect([...files.keys()].sort()).toEqual(['accounts.csv', 'activity.csv', 'data.json', 'manifest.json', 'manifest.sig'])
    const data = JSON.parse(String(files.get('data.json')))
    expect(data.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(['1001'])
    // Only January's IP logs: not the 2025 login, not the message, not the location, not account 1002.
    expect(data.activities).toEqual([
      {
        type: 'activity',
        accountId: '1001',
        category: 'ip_logs',
        at: '2026-01-05T10:00:00.000Z',
        data: { ip: '198.51.100.7', event: 'login' },
      },
    ])
    const manifestBytes = files.get('manifest.json') as Buffer
    const manifest = JSON.parse(String(manifestBytes))
    for (const f of manifest.files)
      expect(
        createHash('sha256')
          .update(files.get(f.name) as Buffer)
          .digest('hex'),
      ).toBe(f.sha256)
    expect(manifest.categories).toEqual(['basic_subscriber_info', 'ip_logs'])
    const signature = Buffer.from(String(files.get('manifest.sig')).trim(), 'base64')
    expect(verify(null, manifestBytes, secrets.verifyKey, signature)).toBe(true)
    expect(verify(null, Buffer.concat([manifestBytes, Buffer.from(' ')]), secrets.verifyKey, signature)).toBe(false)
  })

  it('keeps the user notice held until the day after the NDO expires', async () => {
    const { db } = database()
    const notices = await db
      .selectFrom('requests_notice')
      .select(['account_id', 'status', 'not_before', 'recipient'])
      .where('request_id', '=', requestId)
      .execute()
    expect(notices).toEqual([{ account_id: '1001', status: 'held', not_before: '2026-07-01', recipient: 'target@example.org' }])
    expect(await releaseDueNotices(db, new Date('2026-06-30T23:59:00Z'))).toBe(0)
    expect(await releaseDueNotices(db, new Date('2026-07-01T00:00:00Z'))).toBe(1)
    const after = await db.selectFrom('requests_notice').select('status').where('request_id', '=', requestId).executeTakeFirstOrThrow()
    expect(after.status).toBe('queued')
  })

  it('counts it in the public transparency report of a published period only', async () => {
    const res = await app.inject({ url: '/api/v1/transparency?period=2026-H1' })
    expect(res.statusCode).toBe(200)
    const report = TransparencyReport.parse(res.json())
    expect(report.rows).toEqual([
      expect.objectContaining({
        country: 'US',
        process: 'Other Court Orders',
        requests: '<10',
        pctSomeDataProduced: 100,
        withNondisclosureOrder: '<10',
      }),
    ])
    expect(report.suspectedFraudulent).toBe('<10')
    expect((await app.inject({ url: '/api/v1/transparency?period=2025-H2' })).statusCode).toBe(404)
    const csv = await app.inject({ url: '/api/v1/transparency?period=2026-H1&format=csv' })
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.body.split('\n')[0]).toBe(TRANSPARENCY_CSV_COLUMNS.join(','))
    expect(csv.body).toContain('Other Court Orders')
  })

  it('expires the download link, audits every attempt, and purges after retention', async () => {
    clock.advance(8 * 86_400_000)
    const late = await app.inject({ url: downloadUrl, headers: requester.headers })
    expect(late.statusCode).toBe(410)
    expect(late.json().error.code).toBe('REQUESTS_DOWNLOAD_EXPIRED')
    const { db } = database()
    const downloads = await db
      .selectFrom('audit_log')
      .select(['outcome'])
      .where('action', '=', 'requests.package.download')
      .orderBy('seq')
      .execute()
    expect(downloads.map((d) => d.outcome)).toEqual(['success', 'denied'])
    // The reviewers read the same download log from the request's record; nobody else does.
    const record = await app.inject({ url: `/api/v1/requests/${requestId}/record`, headers: reviewer.headers })
    expect(record.statusCode).toBe(200)
    const { packages, events } = RequestRecord.parse(record.json())
    expect(packages).toHaveLength(1)
    expect(
      events.filter((e) => e.action === 'requests.package.download').map((e) => [e.outcome, e.details.reason ?? null, e.actor]),
    ).toEqual([
      ['success', null, `user:${requester.user.id}`],
      ['denied', 'expired', `user:${requester.user.id}`],
    ])
    expect((await app.inject({ url: `/api/v1/requests/${requestId}/record`, headers: requester.headers })).statusCode).toBe(403)
    expect((await app.inject({ url: `/api/v1/requests/${requestId}/record`, headers: otherPlatform.headers })).statusCode).toBe(404)
    expect(await purgeExpiredRecords(db, new Date('2030-01-01T00:00:00Z'), policy.retentionDays)).toEqual({ documents: 2, packages: 1 })
    const doc = await db
      .selectFrom('requests_document')
      .select(['content', 'sha256'])
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow()
    expect(doc.content).toBeNull()
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('leaves an audit chain that verifies, with every transition in it', async () => {
    const { db } = database()
    expect((await verifyAuditLog(db)).ok).toBe(true)
    const transitions = await db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', '=', requestId)
      .orderBy('seq')
      .execute()
    expect(transitions.map((t) => (t.action === 'requests.transition' ? `${t.details.from}->${t.details.to}` : t.action))).toEqual([
      'requests.submit',
      'submitted->in_review',
      'in_review->narrowed',
      'narrowed->disclosed',
      'requests.package.create',
      'requests.package.download',
      'requests.package.download',
    ])
  })

  it('§3.1 G1: shows the warning to an impersonated agency to the platform, never to the suspect sender', async () => {
    const { db } = database()
    await markSenderCompromised(db, systemActor('test'), requester.user.email, clock.now())
    try {
      const res = await submit(requester, { caseNumber: 'FBI-2026-0099' })
      const sent = RequestView.parse(res.json())
      expect(sent).toMatchObject({ state: 'rejected', rejectCode: 'UNVERIFIED_REQUESTER' })
      expect(sent.assessment.securityEvent).toBe(true)
      expect(sent.assessment.agencyWarning).toBeUndefined()
      const asReviewer = await app.inject({ method: 'GET', url: `/api/v1/requests/${sent.id}`, headers: reviewer.headers })
      expect(RequestView.parse(asReviewer.json()).assessment.agencyWarning).toMatchObject({ agency: AGENCY, phone: '+1 202 324 3000' })
    } finally {
      await db.deleteFrom('requests_compromised_sender').where('value', '=', requester.user.email.toLowerCase()).execute()
    }
  })
})
