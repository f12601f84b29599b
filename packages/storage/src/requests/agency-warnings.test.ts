import { AssessmentSettings, type DataRequestInput } from '@vigil/contracts'
import { actOnRequest, buildTransparencyReport, cldrCountryName, fixedClock, type NoticeMessage } from '@vigil/core'
import { expect, it } from 'vitest'
import { describeEachDatabase, requestsActor, submitTestRequest, TEST_AGENCY, TEST_PLATFORM } from '../test-support/index.js'
import { createAccountDataSource } from './account-store.js'
import { flagCompromisedSender, saveAgency } from './directory-store.js'
import { runRequestJobs } from './request-jobs.js'
import { createReviewDeps } from './review-store.js'
import { loadTransparencyRecords } from './transparency-store.js'

const settings = AssessmentSettings.parse({})
const reviewer = requestsActor(2, TEST_PLATFORM, 'reviewer')
const FBI = {
  agency: 'FBI',
  country: 'US',
  domains: ['fbi.gov'],
  callbackPhone: '+1 202 324 3000',
  securityContact: 'security@fbi.gov',
}
const request: DataRequestInput = {
  process: 'emergency',
  agency: { name: 'FBI', country: 'US' },
  official: { name: 'Dana', email: 'dana@fbi.gov', phone: '+1 202 555 0100' },
  legalDocument: { sha256: 'a'.repeat(64), signed: true },
  targets: [{ type: 'username', value: 'alice' }],
  categories: ['basic_subscriber_info'],
  emergency: {
    threat: 'death',
    withoutDelay: true,
    personAtRisk: 'a hostage',
    nature: 'kidnapping',
    howDisclosurePreventsHarm: 'locates the kidnapper',
    specificItems: [],
  },
}

describeEachDatabase('§3.1 G1 warnings to impersonated agencies', (database) => {
  const sent: NoticeMessage[] = []
  const mailer = { send: async (m: NoticeMessage) => void sent.push(m) }

  it('§3.1 G1: a compromised sender queues an audited warning to the directory contact, sent by run-jobs, never to the sender', async () => {
    const { db } = database()
    const source = createAccountDataSource(db)
    await saveAgency(db, FBI)
    await flagCompromisedSender(db, 'dana@fbi.gov', new Date('2026-03-01T00:00:00Z'))
    const now = new Date('2026-03-01T09:00:00Z')
    const stored = await submitTestRequest(db, source, requestsActor(1, TEST_AGENCY, 'requester', 'dana@fbi.gov'), {
      id: '20000000-0000-4000-8000-000000000001',
      platformOrgId: TEST_PLATFORM,
      request,
      mfa: true,
      settings,
      now,
    })
    expect(stored.state).toBe('rejected')
    expect(stored.suspectedFraud).toBe(true)
    const queued = await db.selectFrom('requests_agency_warning').selectAll().execute()
    expect(queued).toEqual([
      expect.objectContaining({ request_id: stored.id, recipient: 'security@fbi.gov', phone: '+1 202 324 3000', status: 'queued' }),
    ])
    expect(await runRequestJobs(db, mailer, now, settings)).toMatchObject({ agencyWarningsSent: 1, agencyWarningsToCall: 0 })
    expect(sent.map((m) => m.to)).toEqual(['security@fbi.gov'])
    expect(sent[0]?.subject).toContain('FBI')
    expect(sent[0]?.text).toContain('compromised list')
    expect(await runRequestJobs(db, mailer, now, settings)).toMatchObject({ agencyWarningsSent: 0 })
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'requests.%')
      .where('action', '!=', 'requests.submit')
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'requests.security_event',
      'requests.agency_warning.queued',
      'requests.agency_warning.sent',
    ])
  })

  it('§3.2 E4, §3.1 G1: a failed call-back queues a warning too', async () => {
    const { db } = database()
    const source = createAccountDataSource(db)
    const now = new Date('2026-03-02T09:00:00Z')
    const stored = await submitTestRequest(db, source, requestsActor(3, TEST_AGENCY, 'requester', 'kim@fbi.gov'), {
      id: '20000000-0000-4000-8000-000000000002',
      platformOrgId: TEST_PLATFORM,
      request: { ...request, official: { name: 'Kim', email: 'kim@fbi.gov', phone: '+1 202 555 0101' } },
      mfa: true,
      settings,
      now,
    })
    expect(stored.state).toBe('submitted')
    const deps = createReviewDeps(db, source, settings, { clock: fixedClock(now) })
    await actOnRequest(deps, reviewer, stored.id, { type: 'start_review' })
    const { request: after } = await actOnRequest(deps, reviewer, stored.id, {
      type: 'record_callback',
      result: 'failed',
      note: 'no such officer',
    })
    expect(after.rejectCode).toBe('OUT_OF_BAND_VERIFICATION_FAILED')
    const queued = await db.selectFrom('requests_agency_warning').selectAll().where('request_id', '=', stored.id).execute()
    expect(queued).toEqual([expect.objectContaining({ recipient: 'security@fbi.gov', status: 'queued' })])
    expect(queued[0]?.message).toContain('call-back')
  })

  it('§5, §7 Q6: both forged requests count as suspected fraud, never in the rows', async () => {
    const records = await loadTransparencyRecords(database().db, '2026-01-01', '2026-06-30')
    expect(records.map((r) => r.suspectedFraud)).toEqual([true, true])
    const report = buildTransparencyReport(records, '2026-H1', { public: false, publishFraudulent: true, countryName: cldrCountryName })
    expect(report.suspectedFraudulent).toBe(2)
    expect(report.rows).toEqual([])
  })
})
