import type { LegalProcess, RequestState } from '@vigil/contracts'

/** How long each step may take before an alert (instance settings; defaults in docs/REQUESTS.md). */
export interface SlaSettings {
  /** An emergency must be in review and decided within this many minutes. */
  readonly emergencyMinutes: number
  /** Any other request must be picked up within this many hours. */
  readonly reviewStartHours: number
  /** And decided within this many days of entering review. */
  readonly decisionDays: number
}

/** The defaults: an hour for emergencies, two days to start a review, fourteen to decide. */
export const DEFAULT_SLA: SlaSettings = Object.freeze({ emergencyMinutes: 60, reviewStartHours: 48, decisionDays: 14 })

/**
 * When the clock of a request in `state` (entered at `enteredAt`) runs out, or `null` when no
 * clock runs in that state. An alert is due when `now >= deadline`.
 *
 * @example
 * slaDeadline('emergency', 'submitted', new Date('2026-03-01T12:00:00Z'), DEFAULT_SLA) // 13:00
 */
export function slaDeadline(process: LegalProcess, state: RequestState, enteredAt: Date, sla: SlaSettings): Date | null {
  const start = enteredAt.getTime()
  if (process === 'emergency' && (state === 'submitted' || state === 'in_review')) {
    return new Date(start + sla.emergencyMinutes * 60_000)
  }
  if (state === 'submitted') return new Date(start + sla.reviewStartHours * 3_600_000)
  if (state === 'in_review') return new Date(start + sla.decisionDays * 86_400_000)
  return null
}

/** True when a request's clock has run out. */
export function isSlaBreached(process: LegalProcess, state: RequestState, enteredAt: Date, now: Date, sla: SlaSettings): boolean {
  const deadline = slaDeadline(process, state, enteredAt, sla)
  return deadline !== null && now.getTime() >= deadline.getTime()
}
