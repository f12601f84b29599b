import { describe, expect, it } from 'vitest'
import { DEFAULT_SLA, isSlaBreached, slaDeadline } from './sla-clock.js'

const AT = new Date('2026-03-01T12:00:00Z')

describe('SLA clocks', () => {
  it('gives an emergency an hour while it is submitted or in review', () => {
    expect(slaDeadline('emergency', 'submitted', AT, DEFAULT_SLA)?.toISOString()).toBe('2026-03-01T13:00:00.000Z')
    expect(isSlaBreached('emergency', 'in_review', AT, new Date('2026-03-01T12:59:59Z'), DEFAULT_SLA)).toBe(false)
    expect(isSlaBreached('emergency', 'in_review', AT, new Date('2026-03-01T13:00:00Z'), DEFAULT_SLA)).toBe(true)
  })

  it('gives other requests two days to start and fourteen to decide, and no clock once decided', () => {
    expect(slaDeadline('subpoena', 'submitted', AT, DEFAULT_SLA)?.toISOString()).toBe('2026-03-03T12:00:00.000Z')
    expect(slaDeadline('subpoena', 'in_review', AT, DEFAULT_SLA)?.toISOString()).toBe('2026-03-15T12:00:00.000Z')
    expect(slaDeadline('subpoena', 'approved', AT, DEFAULT_SLA)).toBeNull()
    expect(isSlaBreached('subpoena', 'needs_information', AT, new Date('2027-01-01'), DEFAULT_SLA)).toBe(false)
  })
})
