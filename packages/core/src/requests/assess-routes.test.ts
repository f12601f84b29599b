import type { EmergencyFacts } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { assessRequest } from './assess-request.js'
import { DEFAULT_SETTINGS, fixtureContext, fixtureRequest, foreignFixture, TODAY } from './test-support/assessment-fixtures.js'

const assess = (req = fixtureRequest(), ctx = fixtureContext(), settings = DEFAULT_SETTINGS) => assessRequest(req, ctx, settings, TODAY)

const FACTS: EmergencyFacts = {
  threat: 'death',
  withoutDelay: true,
  personAtRisk: 'a teenager who posted a suicide note',
  nature: 'imminent self-harm',
  howDisclosurePreventsHarm: 'the subscriber address lets officers reach her',
  specificItems: [],
}
const emergency = (facts: Partial<EmergencyFacts> = {}, categories = fixtureRequest().categories) =>
  fixtureRequest({
    process: 'emergency',
    categories,
    dateRange: { from: '2026-02-20', to: '2026-03-01' },
    emergency: { ...FACTS, ...facts },
  })

describe('§3.2 emergency conditions', () => {
  it('grants BSI, IPs and location, notice after the emergency (E6)', () => {
    const a = assess(emergency({}, ['basic_subscriber_info', 'ip_logs', 'location_data']))
    expect(a.outcome).toBe('accept')
    expect(a.allowedCategories).toEqual(['basic_subscriber_info', 'ip_logs', 'location_data'])
    expect(a.notification).toEqual({ timing: 'after_emergency', rule: '§3.4 N3' })
  })

  it('lists the out-of-band call-back as pending, with the directory number (E4)', () => {
    const a = assess(emergency(), fixtureContext({ callback: 'pending' }))
    expect(a.outcome).toBe('accept')
    expect(a.pendingConditions).toEqual([expect.objectContaining({ code: 'OUT_OF_BAND_CALLBACK', phone: '+1 202 324 3000' })])
  })

  it('rejects on a failed call-back and raises a security event (E4)', () => {
    const a = assess(emergency(), fixtureContext({ callback: 'failed' }))
    expect(a.rejectCode).toBe('OUT_OF_BAND_VERIFICATION_FAILED')
    expect(a.securityEvent).toBe(true)
    expect(a.replyToSender).toBe(false)
    expect(a.pendingConditions).toEqual([])
  })

  it('is not an emergency for fraud, property crime, flight risk or evidence loss, nor without urgency (E2)', () => {
    for (const threat of ['fraud', 'property_crime', 'flight_risk', 'evidence_loss', 'other'] as const) {
      const a = assess(emergency({ threat }))
      expect(a.rejectCode, threat).toBe('NOT_AN_EMERGENCY')
      expect(a.reasons.at(-1)?.message).toContain('preservation')
    }
    expect(assess(emergency({ withoutDelay: false })).rejectCode).toBe('NOT_AN_EMERGENCY')
    expect(assess(emergency({ threat: 'child_harm' })).outcome).toBe('accept')
    expect(assess(emergency({ threat: 'serious_physical_injury' })).outcome).toBe('accept')
  })

  it('names the missing facts once E2 holds (E3)', () => {
    const a = assess(fixtureRequest({ process: 'emergency', emergency: { specificItems: [], threat: 'death', withoutDelay: true } }))
    expect(a.rejectCode).toBe('INCOMPLETE_REQUEST')
    expect(a.missingFields).toEqual(['emergency.personAtRisk', 'emergency.nature', 'emergency.howDisclosurePreventsHarm'])
    expect(a.reasons.at(-1)?.rule).toBe('§3.2 E3')
  })

  it('drops bulk content, allows specific items with a second reviewer (E5, §7 Q2)', () => {
    const bulk = assess(emergency({}, ['basic_subscriber_info', 'message_content']))
    expect(bulk.outcome).toBe('narrow')
    expect(bulk.droppedCategories).toEqual([expect.objectContaining({ category: 'message_content', code: 'EMERGENCY_SCOPE_EXCEEDED' })])
    const specific = assess(emergency({ specificItems: ['the DM of 2026-02-28 14:02'] }, ['basic_subscriber_info', 'message_content']))
    expect(specific.outcome).toBe('accept')
    expect(specific.pendingConditions.map((c) => c.code)).toEqual(['SECOND_REVIEWER'])
    const never = assess(emergency({ specificItems: ['x'] }, ['message_content']), fixtureContext(), {
      ...DEFAULT_SETTINGS,
      emergencyContent: 'never',
    })
    expect(never.rejectCode).toBe('INSUFFICIENT_LEGAL_PROCESS')
  })

  it('narrows a long date range to the recent window, and drops real-time (E5)', () => {
    const a = assess(
      fixtureRequest({
        process: 'emergency',
        emergency: FACTS,
        categories: ['ip_logs', 'realtime_content'],
        dateRange: { from: '2025-01-01', to: '2026-03-01' },
      }),
    )
    expect(a.outcome).toBe('narrow')
    expect(a.dateRange).toEqual({ from: '2026-01-30', to: '2026-03-01' })
    expect(a.droppedCategories.map((d) => d.code)).toEqual(['NOT_AVAILABLE_TO_PROCESS'])
  })

  it('gives a foreign emergency non-content only (E7, §7 Q3)', () => {
    const [req, ctx] = foreignFixture({
      process: 'emergency',
      emergency: { ...FACTS, specificItems: ['one post'] },
      categories: ['basic_subscriber_info', 'stored_content'],
      dateRange: { from: '2026-02-20', to: '2026-03-01' },
    })
    const a = assess(req, ctx)
    expect(a.outcome).toBe('narrow')
    expect(a.droppedCategories).toEqual([expect.objectContaining({ category: 'stored_content', code: 'MLAT_REQUIRED', rule: '§3.2 E7' })])
    const looser = assess(req, ctx, { ...DEFAULT_SETTINGS, foreignEmergencyContent: true })
    expect(looser.allowedCategories).toEqual(['basic_subscriber_info', 'stored_content'])
  })
})

describe('§3.3 preservation', () => {
  const preservation = fixtureRequest({
    process: 'preservation',
    categories: ['basic_subscriber_info', 'stored_content', 'realtime_content'],
  })

  it('preserves for 90 days, discloses nothing, notifies no one (P1, P2, P6)', () => {
    const a = assess(preservation)
    expect(a.outcome).toBe('preserve')
    expect(a.preserveUntil).toBe('2026-05-30')
    expect(a.allowedCategories).toEqual(['basic_subscriber_info', 'stored_content'])
    expect(a.droppedCategories).toEqual([expect.objectContaining({ category: 'realtime_content', code: 'NOT_PRESERVABLE' })])
    expect(a.notification.timing).toBe('none')
  })

  const renewal = fixtureRequest({ process: 'preservation_extension', extendsRequestId: 'hold-1' })

  it('renews once by 90 days from the current expiry (P3)', () => {
    const a = assess(renewal, fixtureContext({ priorHold: { requestId: 'hold-1', preserveUntil: '2026-03-20', extensions: 0 } }))
    expect(a.outcome).toBe('preserve')
    expect(a.preserveUntil).toBe('2026-06-18')
    expect(a.reasons.map((r) => r.code)).not.toContain('LATE_RENEWAL')
  })

  it('notes a renewal less than 7 days before expiry (P3)', () => {
    const a = assess(renewal, fixtureContext({ priorHold: { requestId: 'hold-1', preserveUntil: '2026-03-05', extensions: 0 } }))
    expect(a.preserveUntil).toBe('2026-06-03')
    expect(a.reasons.map((r) => r.code)).toContain('LATE_RENEWAL')
  })

  it('rejects a second renewal (P4, §7 Q4)', () => {
    const ctx = fixtureContext({ priorHold: { requestId: 'hold-1', preserveUntil: '2026-04-20', extensions: 1 } })
    const a = assess(renewal, ctx)
    expect(a.rejectCode).toBe('PRESERVATION_EXTENSION_LIMIT')
    expect(a.preserveUntil).toBeUndefined()
    expect(assess(renewal, ctx, { ...DEFAULT_SETTINGS, maxPreservationExtensions: 2 }).preserveUntil).toBe('2026-07-19')
  })

  it('treats a renewal after the hold lapsed, or of an unknown hold, as a new hold (P3)', () => {
    const lapsed = assess(renewal, fixtureContext({ priorHold: { requestId: 'hold-1', preserveUntil: '2026-02-27', extensions: 1 } }))
    expect(lapsed.outcome).toBe('preserve')
    expect(lapsed.preserveUntil).toBe('2026-05-30')
    expect(lapsed.reasons.map((r) => r.code)).toContain('RENEWAL_AS_NEW_HOLD')
    expect(assess(renewal).preserveUntil).toBe('2026-05-30')
  })

  it('preserves for a foreign agency pending an MLAT (P5)', () => {
    const [req, ctx] = foreignFixture({ process: 'preservation' })
    const a = assess(req, ctx)
    expect(a.outcome).toBe('preserve')
    expect(a.reasons.map((r) => r.code)).toContain('FOREIGN_PRESERVATION')
  })

  it('has no records to preserve for an unknown account (G9)', () => {
    expect(assess(fixtureRequest({ process: 'preservation', targets: [{ type: 'account_id', value: '404' }] })).outcome).toBe('no_records')
  })
})

describe('§4 non-US routing', () => {
  it('gives non-content to a verified foreign agency after a human-rights review', () => {
    const [req, ctx] = foreignFixture({ categories: ['basic_subscriber_info', 'ip_logs', 'message_content', 'location_data'] })
    const a = assess(req, ctx)
    expect(a.outcome).toBe('narrow')
    expect(a.allowedCategories).toEqual(['basic_subscriber_info', 'ip_logs'])
    expect(a.droppedCategories.map((d) => [d.category, d.code])).toEqual([
      ['message_content', 'MLAT_REQUIRED'],
      ['location_data', 'MLAT_REQUIRED'],
    ])
    expect(a.pendingConditions.map((c) => c.code)).toEqual(['HUMAN_RIGHTS_REVIEW'])
  })

  it('routes a foreign request for content only to an MLAT', () => {
    const [req, ctx] = foreignFixture({ categories: ['message_content'] })
    const a = assess(req, ctx)
    expect(a.outcome).toBe('require_mlat')
    expect(a.allowedCategories).toEqual([])
    expect(a.notification.timing).toBe('none')
  })

  const cloudAct = { seriousCrime: true, targetIsUsPersonOrInUs: false, independentAuthorisation: true }
  it('accepts a CLOUD Act agreement order meeting its conditions', () => {
    const [req, ctx] = foreignFixture({ process: 'cloud_act_order', cloudAct, categories: ['message_content'] })
    expect(assess(req, ctx).outcome).toBe('accept')
  })

  it('routes an agreement order to an MLAT when a condition fails or no agreement is in force', () => {
    for (const facts of [
      { ...cloudAct, seriousCrime: false },
      { ...cloudAct, targetIsUsPersonOrInUs: true },
      { ...cloudAct, independentAuthorisation: false },
    ]) {
      const [req, ctx] = foreignFixture({ process: 'cloud_act_order', cloudAct: facts, categories: ['message_content'] })
      expect(assess(req, ctx).outcome).toBe('require_mlat')
    }
    const [req, ctx] = foreignFixture({ process: 'cloud_act_order', cloudAct, categories: ['message_content'] })
    expect(assessRequest(req, ctx, DEFAULT_SETTINGS, '2022-10-02').outcome).toBe('require_mlat')
    const german = fixtureRequest({
      process: 'cloud_act_order',
      cloudAct,
      agency: { name: 'Bundeskriminalamt', country: 'DE' },
      official: { name: 'K', email: 'k@bka.bund.de', phone: '1' },
    })
    expect(assess(german, fixtureContext({ requester: { email: 'k@bka.bund.de', mfa: true, government: true } })).outcome).toBe(
      'require_mlat',
    )
  })

  it('refuses a US agency resting a request on foreign process', () => {
    expect(assess(fixtureRequest({ process: 'foreign_request' })).rejectCode).toBe('INSUFFICIENT_LEGAL_PROCESS')
  })
})

describe('§3.4 notification', () => {
  it('notifies before disclosure after the instance waiting period (N1, §7 Q5)', () => {
    expect(assess().notification).toEqual({ timing: 'before_disclosure', waitDays: 10, rule: '§3.4 N1, §7 Q5' })
  })

  it('holds notice under an NDO until the day after it expires (N2)', () => {
    const a = assess(fixtureRequest({ nonDisclosureOrder: { expiresOn: '2026-09-30' } }))
    expect(a.notification).toEqual({ timing: 'after_ndo_expiry', notBefore: '2026-10-01', rule: '§3.4 N2' })
  })

  it('holds notice under an NDO without an end date and escalates to legal (N2)', () => {
    const a = assess(fixtureRequest({ nonDisclosureOrder: { expiresOn: null } }))
    expect(a.notification.timing).toBe('held')
    expect(a.pendingConditions.map((c) => c.code)).toEqual(['NDO_FIXED_PERIOD_ESCALATION'])
  })

  it('an NDO on an emergency still holds notice to its expiry (N2 over N3)', () => {
    const a = assess({ ...emergency(), nonDisclosureOrder: { expiresOn: '2026-04-30' } })
    expect(a.notification.notBefore).toBe('2026-05-01')
  })

  it('sends no notice when nothing is disclosed (N4)', () => {
    expect(assess(fixtureRequest({ process: 'preservation' })).notification.timing).toBe('none')
    expect(assess(fixtureRequest({ caseNumber: undefined })).notification.timing).toBe('none')
  })
})
