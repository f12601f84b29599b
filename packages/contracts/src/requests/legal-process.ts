import { z } from 'zod'

/**
 * The kind of legal process a request rests on (REQUESTS-LAW.md §2). `court_order_2703d` is an
 * order under 18 U.S.C. 2703(d); `pen_register` covers trap-and-trace orders; `wiretap` is a
 * Title III order; `foreign_request` is a non-US authority's own process; `cloud_act_order` is an
 * order under a CLOUD Act executive agreement.
 *
 * @example
 * LegalProcess.parse('search_warrant')
 */
export const LegalProcess = z.enum([
  'subpoena',
  'court_order_2703d',
  'search_warrant',
  'pen_register',
  'wiretap',
  'nsl',
  'emergency',
  'preservation',
  'preservation_extension',
  'foreign_request',
  'cloud_act_order',
])
export type LegalProcess = z.infer<typeof LegalProcess>

/** Who issued a subpoena; which kinds an instance honours is an instance setting (REQUESTS-LAW.md §7 Q1). */
export const SubpoenaKind = z.enum(['criminal', 'administrative', 'civil'])
export type SubpoenaKind = z.infer<typeof SubpoenaKind>

/**
 * The data categories of the Stored Communications Act matrix (REQUESTS-LAW.md §3).
 *
 * @example
 * DataCategory.parse('basic_subscriber_info')
 */
export const DataCategory = z.enum([
  'basic_subscriber_info',
  'ip_logs',
  'communication_metadata',
  'location_data',
  'message_content',
  'stored_content',
  'realtime_metadata',
  'realtime_content',
])
export type DataCategory = z.infer<typeof DataCategory>

/** Categories that are contents of communications (18 U.S.C. 2702(a)(1)-(2)). */
export const CONTENT_CATEGORIES: readonly DataCategory[] = ['message_content', 'stored_content', 'realtime_content']

/**
 * A target of a request. Only the first four name a specific account; the others are
 * accepted at intake so the assessment can refuse them with `NOT_PARTICULAR` (§3.1 G4).
 */
export const TargetType = z.enum(['account_id', 'username', 'email', 'phone', 'hashtag', 'keyword', 'geofence', 'description'])
export type TargetType = z.infer<typeof TargetType>

/** The target types that name one account. */
export const PARTICULAR_TARGET_TYPES: readonly TargetType[] = ['account_id', 'username', 'email', 'phone']

/**
 * One target identifier.
 *
 * @example
 * Target.parse({ type: 'username', value: 'alice' })
 */
export const Target = z.strictObject({ type: TargetType, value: z.string().trim().min(1).max(320) })
export type Target = z.infer<typeof Target>

/**
 * True for a preservation request or its renewal (REQUESTS-LAW.md §3.3).
 *
 * @example
 * isPreservation('preservation_extension') // true
 */
export function isPreservation(process: LegalProcess): boolean {
  return process === 'preservation' || process === 'preservation_extension'
}
