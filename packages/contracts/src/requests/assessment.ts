import { z } from 'zod'
import { IsoDate } from './data-request.js'
import { DataCategory } from './legal-process.js'

/** The recommendation of the automated assessment; a reviewer decides. */
export const AssessmentOutcome = z.enum(['accept', 'narrow', 'reject', 'preserve', 'require_mlat', 'no_records'])
export type AssessmentOutcome = z.infer<typeof AssessmentOutcome>

/** Why a request is rejected (REQUESTS-LAW.md §3.1). */
export const RejectCode = z.enum([
  'UNVERIFIED_REQUESTER',
  'INCOMPLETE_REQUEST',
  'DUPLICATE_REQUEST',
  'NOT_PARTICULAR',
  'INSUFFICIENT_LEGAL_PROCESS',
  'SUBPOENA_NOT_HONOURED',
  'NOT_AN_EMERGENCY',
  'OUT_OF_BAND_VERIFICATION_FAILED',
  'PRESERVATION_EXTENSION_LIMIT',
])
export type RejectCode = z.infer<typeof RejectCode>

/** Why a category is dropped when a request is narrowed. */
export const DropCode = z.enum([
  'NEEDS_2703D_ORDER',
  'NEEDS_WARRANT',
  'NOT_AVAILABLE_TO_PROCESS',
  'EMERGENCY_SCOPE_EXCEEDED',
  'MLAT_REQUIRED',
  'NOT_PRESERVABLE',
])
export type DropCode = z.infer<typeof DropCode>

/**
 * One reason of an assessment, and the rule it rests on (`§3.1 G4`, `§3 matrix`, `§3.2 E5`,
 * `§7 Q1`…).
 *
 * @example
 * { code: 'NOT_PARTICULAR', rule: '§3.1 G4', message: 'target 1 is a hashtag, not an account' }
 */
export const AssessmentReason = z.object({ code: z.string(), rule: z.string(), message: z.string() })
export type AssessmentReason = z.infer<typeof AssessmentReason>

/** Something a reviewer must do before anything is disclosed. */
export const PendingCondition = z.object({
  code: z.enum(['OUT_OF_BAND_CALLBACK', 'SECOND_REVIEWER', 'HUMAN_RIGHTS_REVIEW', 'NDO_FIXED_PERIOD_ESCALATION', 'COUNSEL_REVIEW']),
  rule: z.string(),
  message: z.string(),
  /** For the call-back: the number from the agency directory. */
  phone: z.string().optional(),
})
export type PendingCondition = z.infer<typeof PendingCondition>

/**
 * A warning to the agency a sender failed to be verified as (§3.1 G1): sent through the contact
 * and number the agency directory lists, never to the address the request came from.
 */
export const AgencyWarning = z.object({
  agency: z.string(),
  country: z.string(),
  /** The directory's security contact; absent when it has none or it is the suspect address. */
  email: z.string().optional(),
  phone: z.string(),
  rule: z.string(),
  message: z.string(),
})
export type AgencyWarning = z.infer<typeof AgencyWarning>

/**
 * When the account holder is told (§3.4): before disclosure (after a waiting period), once the
 * non-disclosure order expires, after the emergency, held without an end date, or never.
 */
export const NotificationPlan = z.object({
  timing: z.enum(['before_disclosure', 'after_ndo_expiry', 'after_emergency', 'held', 'none']),
  /** The first day a notice may go (`after_ndo_expiry`: the order's expiry + 1 day). */
  notBefore: IsoDate.optional(),
  /** Days between the notice and the disclosure (`before_disclosure`). */
  waitDays: z.number().int().optional(),
  rule: z.string(),
})
export type NotificationPlan = z.infer<typeof NotificationPlan>

/**
 * The result of the automated assessment of one request.
 *
 * @example
 * { outcome: 'narrow', allowedCategories: ['basic_subscriber_info'], droppedCategories: [{ category: 'message_content', code: 'NEEDS_WARRANT', rule: '§3 matrix' }], ... }
 */
export const Assessment = z.object({
  outcome: AssessmentOutcome,
  rejectCode: RejectCode.optional(),
  reasons: z.array(AssessmentReason),
  allowedCategories: z.array(DataCategory),
  droppedCategories: z.array(z.object({ category: DataCategory, code: DropCode, rule: z.string(), message: z.string() })),
  /** The date range disclosure may cover (narrowed for emergencies, §3.2 E5). */
  dateRange: z.object({ from: IsoDate, to: IsoDate }).optional(),
  /** Fields limits per category (an NSL reaches name and length of service only). */
  fieldLimits: z.record(z.string(), z.array(z.string())).default({}),
  missingFields: z.array(z.string()).default([]),
  duplicateOf: z.string().optional(),
  preserveUntil: IsoDate.optional(),
  pendingConditions: z.array(PendingCondition),
  /** A security event must be raised (unverified or compromised sender, failed call-back). */
  securityEvent: z.boolean(),
  /** Never reply to the sending address (§3.1 G1). */
  replyToSender: z.boolean(),
  /** Escalations beyond the request: the impersonated agency to warn (§3.1 G1). */
  agencyWarning: AgencyWarning.optional(),
  accounts: z.object({ specified: z.number().int(), resolved: z.number().int() }),
  notification: NotificationPlan,
})
export type Assessment = z.infer<typeof Assessment>
