import { OrgId, type ReviewAction, UserId } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { type Actor, systemActor } from '../auth/actor.js'
import { isVigilError } from '../shared/errors.js'
import { type ReviewRecord, review } from './review-machine.js'

const AGENCY = OrgId.parse('00000000-0000-4000-8000-00000000000a')
const OTHER_AGENCY = OrgId.parse('00000000-0000-4000-8000-00000000000b')
const PLATFORM = OrgId.parse('00000000-0000-4000-8000-0000000000f1')
const OTHER_PLATFORM = OrgId.parse('00000000-0000-4000-8000-0000000000f2')
const user = (n: number, orgId: OrgId, role: 'requester' | 'reviewer'): Actor => ({
  kind: 'user',
  userId: UserId.parse(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
  email: `u${n}@example.org`,
  orgId,
  orgKind: role === 'requester' ? 'government' : 'platform',
  roles: [role],
  via: 'session',
})
const requester = user(1, AGENCY, 'requester')
const reviewer = user(2, PLATFORM, 'reviewer')
const secondReviewer = user(3, PLATFORM, 'reviewer')
const NOW = new Date('2026-03-01T12:00:00Z')
const SETTINGS = { maxPreservationExtensions: 1 }

const base: ReviewRecord = {
  id: 'req-1',
  state: 'submitted',
  process: 'search_warrant',
  agencyOrgId: AGENCY,
  platformOrgId: PLATFORM,
  requestedCategories: ['basic_subscriber_info', 'message_content'],
  approvedCategories: [],
  pendingConditions: [],
  decidedBy: null,
  preserveUntil: null,
  extensions: 0,
  rejectCode: null,
}

function run(record: ReviewRecord, ...steps: [Actor, ReviewAction][]): ReviewRecord {
  return steps.reduce((r, [actor, action]) => review(r, actor, action, NOW, SETTINGS).record, record)
}

function errorCode(f: () => unknown): string | undefined {
  try {
    f()
  } catch (e) {
    return isVigilError(e) ? e.code : 'not a VigilError'
  }
  return undefined
}

describe('review state machine', () => {
  it('walks submitted → in review → narrowed → disclosed → closed, auditing each step', () => {
    const inReview = review(base, reviewer, { type: 'start_review' }, NOW, SETTINGS)
    expect(inReview.audit).toMatchObject({
      actor: reviewer,
      action: 'requests.transition',
      target: { type: 'data_request', id: 'req-1' },
      details: { action: 'start_review', from: 'submitted', to: 'in_review' },
    })
    const narrowed = review(
      inReview.record,
      reviewer,
      { type: 'narrow', categories: ['basic_subscriber_info'], note: 'BSI only' },
      NOW,
      SETTINGS,
    )
    expect(narrowed.record).toMatchObject({
      state: 'narrowed',
      approvedCategories: ['basic_subscriber_info'],
      decidedBy: reviewer.kind === 'user' ? reviewer.userId : null,
    })
    const disclosed = review(narrowed.record, reviewer, { type: 'disclose' }, NOW, SETTINGS)
    expect(disclosed.audit.details).toEqual({
      action: 'disclose',
      from: 'narrowed',
      to: 'disclosed',
      categories: ['basic_subscriber_info'],
    })
    expect(review(disclosed.record, reviewer, { type: 'close' }, NOW, SETTINGS).record.state).toBe('closed')
  })

  it('refuses to narrow to categories that were not requested', () => {
    const r = run(base, [reviewer, { type: 'start_review' }])
    expect(errorCode(() => review(r, reviewer, { type: 'narrow', categories: ['location_data'], note: '' }, NOW, SETTINGS))).toBe(
      'REQUESTS_INVALID_TRANSITION',
    )
  })

  it('keeps a message thread through needs information', () => {
    const asked = review(
      run(base, [reviewer, { type: 'start_review' }]),
      reviewer,
      { type: 'request_information', message: 'Which date range?' },
      NOW,
      SETTINGS,
    )
    expect(asked.record.state).toBe('needs_information')
    expect(asked.message).toEqual({ from: 'reviewer', text: 'Which date range?' })
    const answered = review(asked.record, requester, { type: 'respond', message: 'January only' }, NOW, SETTINGS)
    expect(answered.record.state).toBe('in_review')
    expect(answered.message).toEqual({ from: 'requester', text: 'January only' })
  })

  it('lets the requester withdraw at any point before disclosure, never after', () => {
    for (const state of ['submitted', 'in_review', 'needs_information', 'approved', 'narrowed', 'preserved'] as const) {
      expect(review({ ...base, state }, requester, { type: 'withdraw' }, NOW, SETTINGS).record.state).toBe('withdrawn')
    }
    for (const state of ['disclosed', 'closed', 'rejected'] as const) {
      expect(errorCode(() => review({ ...base, state }, requester, { type: 'withdraw' }, NOW, SETTINGS))).toBe(
        'REQUESTS_INVALID_TRANSITION',
      )
    }
  })

  it('authorises by role and organisation', () => {
    const cases: [Actor, ReviewAction][] = [
      [requester, { type: 'start_review' }],
      [user(4, OTHER_PLATFORM, 'reviewer'), { type: 'start_review' }],
      [user(5, OTHER_AGENCY, 'requester'), { type: 'withdraw' }],
      [reviewer, { type: 'withdraw' }],
      [systemActor('job'), { type: 'approve' }],
    ]
    for (const [actor, action] of cases) expect(errorCode(() => review(base, actor, action, NOW, SETTINGS))).toBe('AUTH_FORBIDDEN')
  })

  it('holds disclosure until the call-back and the second review are done', () => {
    const pending = { ...base, state: 'in_review' as const, pendingConditions: ['OUT_OF_BAND_CALLBACK', 'SECOND_REVIEWER'] as const }
    const approved = run({ ...pending, pendingConditions: [...pending.pendingConditions] }, [reviewer, { type: 'approve' }])
    expect(errorCode(() => review(approved, reviewer, { type: 'disclose' }, NOW, SETTINGS))).toBe('REQUESTS_CONDITIONS_PENDING')
    const called = run(approved, [reviewer, { type: 'record_callback', result: 'verified', note: 'called +1 202 324 3000' }])
    expect(called.pendingConditions).toEqual(['SECOND_REVIEWER'])
    // The approver cannot be their own second reviewer.
    expect(errorCode(() => review(called, reviewer, { type: 'confirm_second_review' }, NOW, SETTINGS))).toBe('REQUESTS_INVALID_TRANSITION')
    const confirmed = run(called, [secondReviewer, { type: 'confirm_second_review' }])
    expect(confirmed.pendingConditions).toEqual([])
    expect(run(confirmed, [reviewer, { type: 'disclose' }]).state).toBe('disclosed')
  })

  it('rejects on a failed call-back with OUT_OF_BAND_VERIFICATION_FAILED and a security event', () => {
    const t = review(
      { ...base, state: 'in_review', process: 'emergency', pendingConditions: ['OUT_OF_BAND_CALLBACK'] },
      reviewer,
      { type: 'record_callback', result: 'failed', note: 'the directory number knows no such officer' },
      NOW,
      SETTINGS,
    )
    expect(t.record).toMatchObject({ state: 'rejected', rejectCode: 'OUT_OF_BAND_VERIFICATION_FAILED' })
    expect(t.securityEvent).toEqual({ kind: 'callback_failed', requestId: 'req-1' })
  })

  it('clears other conditions with a note, but not the call-back or second review', () => {
    const r = { ...base, state: 'approved' as const, pendingConditions: ['HUMAN_RIGHTS_REVIEW' as const] }
    expect(
      run(r, [reviewer, { type: 'clear_condition', code: 'HUMAN_RIGHTS_REVIEW', note: 'dual criminality: yes' }]).pendingConditions,
    ).toEqual([])
    expect(errorCode(() => review(r, reviewer, { type: 'clear_condition', code: 'OUT_OF_BAND_CALLBACK', note: 'x' }, NOW, SETTINGS))).toBe(
      'REQUESTS_INVALID_TRANSITION',
    )
  })

  describe('preservation holds', () => {
    const hold = { ...base, process: 'preservation' as const, state: 'in_review' as const }

    it('preserves, extends once, then refuses a second extension', () => {
      const preserved = run(hold, [reviewer, { type: 'preserve', preserveUntil: '2026-05-30' }])
      const extended = run(preserved, [reviewer, { type: 'extend_hold', preserveUntil: '2026-08-28' }])
      expect(extended).toMatchObject({ state: 'preserved', preserveUntil: '2026-08-28', extensions: 1 })
      expect(errorCode(() => review(extended, reviewer, { type: 'extend_hold', preserveUntil: '2026-11-26' }, NOW, SETTINGS))).toBe(
        'REQUESTS_INVALID_TRANSITION',
      )
    })

    it('expires only after preserve_until, by the system, and the release is audited', () => {
      const preserved = run(hold, [reviewer, { type: 'preserve', preserveUntil: '2026-03-01' }])
      expect(errorCode(() => review(preserved, systemActor('holds'), { type: 'expire_hold' }, NOW, SETTINGS))).toBe(
        'REQUESTS_INVALID_TRANSITION',
      )
      const later = review(preserved, systemActor('holds'), { type: 'expire_hold' }, new Date('2026-03-02T00:00:00Z'), SETTINGS)
      expect(later.record.state).toBe('released')
      expect(later.audit.details).toMatchObject({ action: 'expire_hold', expired: true, preserveUntil: '2026-03-01' })
      expect(run(preserved, [reviewer, { type: 'release_hold' }]).state).toBe('released')
    })

    it('refuses to preserve a request that is not a preservation', () => {
      expect(
        errorCode(() =>
          review({ ...hold, process: 'subpoena' }, reviewer, { type: 'preserve', preserveUntil: '2026-05-30' }, NOW, SETTINGS),
        ),
      ).toBe('REQUESTS_INVALID_TRANSITION')
    })
  })

  it('refuses actions from the wrong state', () => {
    expect(errorCode(() => review(base, reviewer, { type: 'approve' }, NOW, SETTINGS))).toBe('REQUESTS_INVALID_TRANSITION')
    expect(errorCode(() => review({ ...base, state: 'in_review' }, reviewer, { type: 'disclose' }, NOW, SETTINGS))).toBe(
      'REQUESTS_INVALID_TRANSITION',
    )
    expect(errorCode(() => review({ ...base, state: 'closed' }, reviewer, { type: 'close' }, NOW, SETTINGS))).toBe(
      'REQUESTS_INVALID_TRANSITION',
    )
  })
})
