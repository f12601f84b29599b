import { generateKeyPairSync } from 'node:crypto'
import { AssessmentSettings, type DataRequestInput } from '@vigil/contracts'
import { actOnRequest, fixedClock, type NoticeMessage } from '@vigil/core'
import { expect, it } from 'vitest'
import {
  describeEachDatabase,
  requestsActor,
  seedUser,
  submitTestRequest,
  TEST_AGENCY,
  TEST_PLATFORM,
  testAuthDeps,
} from '../test-support/index.js'
import { createAccountDataSource, importAccounts } from './account-store.js'
import { saveAgency } from './directory-store.js'
import { runRequestJobs } from './request-jobs.js'
import { createReviewDeps } from './review-store.js'
import { sendSlaAlerts } from './sla-alerts.js'

const requester = requestsActor(1, TEST_AGENCY, 'requester', 'dana@fbi.gov')
const reviewer = requestsActor(2, TEST_PLATFORM, 'reviewer')
const PLATFORM = TEST_PLATFORM
const base: DataRequestInput = {
  process: 'preservation',
  agency: { name: 'FBI', country: 'US' },
  official: { name: 'Dana', email: 'dana@fbi.gov', phone: '1' },
  caseNumber: 'C-1',
  legalDocument: { sha256: 'a'.repeat(64), signed: true },
  targets: [{ type: 'account_id', value: '1' }],
  categories: ['basic_subscriber_info'],
  dateRange: { from: '2026-01-01', to: '2026-01-31' },
}

describeEachDatabase('request jobs', (database) => {
  it('sends due notices, releases lapsed holds, and leaves the rest', async () => {
    const { db } = database()
    const settings = AssessmentSettings.parse({ noticeWaitDays: 0 })
    const source = createAccountDataSource(db)
    await saveAgency(db, { agency: 'FBI', country: 'US', domains: ['fbi.gov'], callbackPhone: '+1 202 324 3000' })
    await importAccounts(db, [{ type: 'account', accountId: '1', email: 'holder@example.org' }])
    const day1 = new Date('2026-03-01T09:00:00Z')
    const deps = createReviewDeps(db, source, settings, { clock: fixedClock(day1), signingKey: generateKeyPairSync('ed25519').privateKey })
    const hold = await submitTestRequest(db, source, requester, {
      id: '10000000-0000-4000-8000-000000000001',
      platformOrgId: PLATFORM,
      request: base,
      mfa: true,
      settings,
      now: day1,
    })
    const subpoena = await submitTestRequest(db, source, requester, {
      id: '10000000-0000-4000-8000-000000000002',
      platformOrgId: PLATFORM,
      request: { ...base, process: 'subpoena', subpoenaKind: 'criminal', caseNumber: 'C-2' },
      mfa: true,
      settings,
      now: day1,
    })
    for (const [id, action] of [
      [hold.id, { type: 'start_review' }],
      [hold.id, { type: 'preserve', preserveUntil: '2026-05-30' }],
      [subpoena.id, { type: 'start_review' }],
      [subpoena.id, { type: 'approve' }],
    ] as const) {
      await actOnRequest(deps, reviewer, id, action)
    }
    const sent: NoticeMessage[] = []
    const mailer = { send: async (m: NoticeMessage) => void sent.push(m) }
    expect(await runRequestJobs(db, mailer, new Date('2026-03-02T00:00:00Z'), settings)).toEqual({
      noticesReleased: 0,
      sent: 1,
      failed: 0,
      noAddress: 0,
      agencyWarningsSent: 0,
      agencyWarningsFailed: 0,
      agencyWarningsToCall: 0,
      holdsReleased: 0,
      slaAlerts: 0,
      documents: 0,
      packages: 0,
    })
    expect(sent).toEqual([expect.objectContaining({ to: 'holder@example.org', subject: 'A government request for your account data' })])
    expect(sent[0]?.text).toContain('FBI')
    const later = await runRequestJobs(db, mailer, new Date('2026-05-31T00:00:00Z'), settings)
    expect(later).toMatchObject({ sent: 0, holdsReleased: 1 })
    const state = await db.selectFrom('requests_request').select('state').where('id', '=', hold.id).executeTakeFirstOrThrow()
    expect(state.state).toBe('released')
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'in', ['requests.notice.sent', 'requests.transition'])
      .where('actor', 'like', 'system:%')
      .execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['requests.notice.sent', 'requests.transition'])
  })

  it('alerts the platform reviewers once when an emergency arrives and once when its clock runs out', async () => {
    const { db } = database()
    const settings = AssessmentSettings.parse({})
    const source = createAccountDataSource(db)
    const identity = testAuthDeps(database())
    const alice = await seedUser(identity, { roles: ['reviewer'] })
    await seedUser(identity, { roles: ['analyst'], org: alice.org })
    await saveAgency(db, { agency: 'FBI', country: 'US', domains: ['fbi.gov'], callbackPhone: '+1 202 324 3000' })
    const t0 = new Date('2026-03-01T09:00:00Z')
    await submitTestRequest(db, source, requester, {
      id: '10000000-0000-4000-8000-000000000003',
      platformOrgId: alice.org.id,
      request: {
        ...base,
        process: 'emergency',
        caseNumber: 'E-1',
        emergency: {
          threat: 'death',
          withoutDelay: true,
          personAtRisk: 'a child',
          nature: 'abduction',
          howDisclosurePreventsHarm: 'locates the car',
          specificItems: [],
        },
      },
      mfa: true,
      settings,
      now: t0,
    })
    const sent: NoticeMessage[] = []
    const mailer = { send: async (m: NoticeMessage) => void sent.push(m) }
    expect(await sendSlaAlerts(db, mailer, t0)).toBe(1)
    expect(await sendSlaAlerts(db, mailer, new Date(t0.getTime() + 30 * 60_000))).toBe(0)
    expect(await sendSlaAlerts(db, mailer, new Date(t0.getTime() + 60 * 60_000))).toBe(1)
    expect(await sendSlaAlerts(db, mailer, new Date(t0.getTime() + 90 * 60_000))).toBe(0)
    // Only the reviewer, not the analyst of the same platform.
    expect(sent.map((m) => m.to)).toEqual([alice.user.email, alice.user.email])
    expect(sent[0]?.subject).toBe('Emergency request from FBI: decide by 2026-03-01T10:00:00.000Z')
    expect(sent[1]?.subject).toMatch(/^Overdue: emergency request from FBI/)
  })
})
