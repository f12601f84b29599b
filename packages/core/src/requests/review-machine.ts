import type {
  AssessmentSettings,
  DataCategory,
  LegalProcess,
  OrgId,
  PendingCondition,
  RejectCode,
  RequestState,
  ReviewAction,
  UserId,
} from '@vigil/contracts'
import { isPreservation } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import { isoDay } from './iso-date.js'
import { type Party, partyOf } from './request-parties.js'

/** What the review machine knows of a request. */
export interface ReviewRecord {
  readonly id: string
  readonly state: RequestState
  readonly process: LegalProcess
  /** The requesting agency's organisation. */
  readonly agencyOrgId: OrgId
  /** The platform organisation whose legal team reviews it. */
  readonly platformOrgId: OrgId
  readonly requestedCategories: readonly DataCategory[]
  readonly approvedCategories: readonly DataCategory[]
  /** Conditions still to be met before disclosure (from the assessment). */
  readonly pendingConditions: readonly PendingCondition['code'][]
  /** The reviewer who approved or narrowed it; a second reviewer must be someone else. */
  readonly decidedBy: UserId | null
  readonly preserveUntil: string | null
  readonly extensions: number
  readonly rejectCode: RejectCode | null
}

/** The outcome of one action: the new record, its audit event, and a security event to raise. */
export interface Transition {
  readonly record: ReviewRecord
  readonly audit: AuditEvent
  readonly securityEvent?: { readonly kind: 'callback_failed'; readonly requestId: string }
  /** A message for the thread between requester and reviewer. */
  readonly message?: { readonly from: 'requester' | 'reviewer'; readonly text: string }
}

type Rule = { readonly from: readonly RequestState[]; readonly by: readonly Party[] }

const BEFORE_DISCLOSURE: readonly RequestState[] = ['submitted', 'in_review', 'needs_information', 'approved', 'narrowed', 'preserved']
const DECIDED: readonly RequestState[] = ['approved', 'narrowed']

// Which states each action leaves from, and who may take it.
const RULES: Readonly<Record<ReviewAction['type'], Rule>> = {
  start_review: { from: ['submitted'], by: ['reviewer'] },
  approve: { from: ['in_review'], by: ['reviewer'] },
  narrow: { from: ['in_review'], by: ['reviewer'] },
  reject: { from: ['submitted', 'in_review', 'needs_information'], by: ['reviewer'] },
  request_information: { from: ['in_review'], by: ['reviewer'] },
  respond: { from: ['needs_information'], by: ['requester'] },
  route_to_mlat: { from: ['in_review'], by: ['reviewer'] },
  mark_no_records: { from: ['in_review'], by: ['reviewer'] },
  preserve: { from: ['in_review'], by: ['reviewer'] },
  extend_hold: { from: ['preserved'], by: ['reviewer'] },
  release_hold: { from: ['preserved'], by: ['reviewer'] },
  expire_hold: { from: ['preserved'], by: ['system'] },
  record_callback: { from: ['in_review', ...DECIDED], by: ['reviewer'] },
  confirm_second_review: { from: DECIDED, by: ['reviewer'] },
  clear_condition: { from: ['in_review', ...DECIDED], by: ['reviewer'] },
  disclose: { from: DECIDED, by: ['reviewer'] },
  close: { from: ['disclosed', 'rejected', 'routed_to_mlat', 'no_records', 'released'], by: ['reviewer', 'system'] },
  withdraw: { from: BEFORE_DISCLOSURE, by: ['requester'] },
}

function invalid(record: ReviewRecord, action: ReviewAction, why?: string): VigilError {
  return new VigilError(
    'REQUESTS_INVALID_TRANSITION',
    why ?? `cannot ${action.type.replaceAll('_', ' ')} a request that is ${record.state.replaceAll('_', ' ')}`,
    { requestId: record.id, state: record.state, action: action.type },
  )
}

/**
 * The review state machine: applies one action by one actor to a request, or throws
 * (`AUTH_FORBIDDEN` for the wrong party, `REQUESTS_INVALID_TRANSITION` for the wrong state,
 * `REQUESTS_CONDITIONS_PENDING` for a disclosure with conditions open). Pure: the caller stores
 * the record and appends the audit event in one transaction.
 *
 * @example
 * const { record, audit } = review(req, reviewer, { type: 'narrow', categories: ['basic_subscriber_info'], note: '' }, now, settings)
 */
export function review(
  record: ReviewRecord,
  actor: Actor,
  action: ReviewAction,
  now: Date,
  settings: Pick<AssessmentSettings, 'maxPreservationExtensions'>,
): Transition {
  const rule = RULES[action.type]
  const party = partyOf(actor, record)
  if (!party || !rule.by.includes(party)) {
    throw new VigilError('AUTH_FORBIDDEN', `not allowed to ${action.type.replaceAll('_', ' ')} this request`, {
      requestId: record.id,
      action: action.type,
    })
  }
  if (!rule.from.includes(record.state)) throw invalid(record, action)
  const { next, details, message, securityEvent } = apply(record, actor, action, now, settings)
  return {
    record: next,
    audit: {
      actor,
      action: 'requests.transition',
      target: { type: 'data_request', id: record.id },
      outcome: 'success',
      details: { action: action.type, from: record.state, to: next.state, ...details },
    },
    ...(message ? { message } : {}),
    ...(securityEvent ? { securityEvent: { kind: 'callback_failed', requestId: record.id } } : {}),
  }
}

interface Applied {
  readonly next: ReviewRecord
  readonly details?: Record<string, unknown>
  readonly message?: Transition['message']
  readonly securityEvent?: boolean
}

function without(record: ReviewRecord, code: PendingCondition['code']): readonly PendingCondition['code'][] {
  return record.pendingConditions.filter((c) => c !== code)
}

function apply(
  record: ReviewRecord,
  actor: Actor,
  action: ReviewAction,
  now: Date,
  settings: Pick<AssessmentSettings, 'maxPreservationExtensions'>,
): Applied {
  const to = (state: RequestState, extra: Partial<ReviewRecord> = {}): ReviewRecord => ({ ...record, state, ...extra })
  const userId = actor.kind === 'user' ? actor.userId : null
  switch (action.type) {
    case 'start_review':
      return { next: to('in_review') }
    case 'approve':
      return {
        next: to('approved', { approvedCategories: [...record.requestedCategories], decidedBy: userId }),
        details: { note: action.note },
      }
    case 'narrow': {
      const extra = action.categories.filter((c) => !record.requestedCategories.includes(c))
      if (extra.length > 0) throw invalid(record, action, `cannot approve categories that were not requested: ${extra.join(', ')}`)
      const approved = [...new Set(action.categories)]
      return {
        next: to('narrowed', { approvedCategories: approved, decidedBy: userId }),
        details: { categories: approved, note: action.note },
      }
    }
    case 'reject':
      return { next: to('rejected', { rejectCode: action.code }), details: { code: action.code, note: action.note } }
    case 'request_information':
      return { next: to('needs_information'), message: { from: 'reviewer', text: action.message } }
    case 'respond':
      return { next: to('in_review'), message: { from: 'requester', text: action.message } }
    case 'route_to_mlat':
      return { next: to('routed_to_mlat'), details: { note: action.note } }
    case 'mark_no_records':
      return { next: to('no_records') }
    case 'preserve':
      if (!isPreservation(record.process)) {
        throw invalid(record, action, `a ${record.process} is not a preservation request`)
      }
      return { next: to('preserved', { preserveUntil: action.preserveUntil }), details: { preserveUntil: action.preserveUntil } }
    case 'extend_hold':
      // §3.3 P4: the instance's renewal limit (one, by the statute).
      if (record.extensions >= settings.maxPreservationExtensions) {
        throw invalid(record, action, `the hold has had ${record.extensions} renewal(s), the most allowed (PRESERVATION_EXTENSION_LIMIT)`)
      }
      if (record.preserveUntil !== null && action.preserveUntil <= record.preserveUntil) {
        throw invalid(record, action, 'a renewal must move the hold later')
      }
      return {
        next: to('preserved', { preserveUntil: action.preserveUntil, extensions: record.extensions + 1 }),
        details: { preserveUntil: action.preserveUntil, extensions: record.extensions + 1 },
      }
    case 'release_hold':
      return { next: to('released'), details: { preserveUntil: record.preserveUntil } }
    case 'expire_hold':
      if (record.preserveUntil !== null && isoDay(now) <= record.preserveUntil) {
        throw invalid(record, action, `the hold runs to ${record.preserveUntil}`)
      }
      return { next: to('released'), details: { preserveUntil: record.preserveUntil, expired: true } }
    case 'record_callback':
      if (action.result === 'failed') {
        // §3.2 E4: a failed call-back rejects the request and is a security event.
        return {
          next: to('rejected', { rejectCode: 'OUT_OF_BAND_VERIFICATION_FAILED', pendingConditions: [] }),
          details: { callback: 'failed', note: action.note },
          securityEvent: true,
        }
      }
      return {
        next: to(record.state, { pendingConditions: without(record, 'OUT_OF_BAND_CALLBACK') }),
        details: { callback: 'verified', note: action.note },
      }
    case 'confirm_second_review':
      if (userId === null || userId === record.decidedBy) throw invalid(record, action, 'the second reviewer must be another reviewer')
      return { next: to(record.state, { pendingConditions: without(record, 'SECOND_REVIEWER') }) }
    case 'clear_condition':
      if (action.code === 'OUT_OF_BAND_CALLBACK' || action.code === 'SECOND_REVIEWER') {
        throw invalid(record, action, `${action.code} is cleared by its own step`)
      }
      return {
        next: to(record.state, { pendingConditions: without(record, action.code) }),
        details: { code: action.code, note: action.note },
      }
    case 'disclose':
      if (record.pendingConditions.length > 0) {
        throw new VigilError('REQUESTS_CONDITIONS_PENDING', `conditions open: ${record.pendingConditions.join(', ')}`, {
          requestId: record.id,
          pending: [...record.pendingConditions],
        })
      }
      return { next: to('disclosed'), details: { categories: [...record.approvedCategories] } }
    case 'close':
      return { next: to('closed') }
    case 'withdraw':
      return { next: to('withdrawn') }
  }
}
