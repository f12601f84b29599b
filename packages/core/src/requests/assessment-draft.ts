import type {
  AgencyWarning,
  Assessment,
  AssessmentReason,
  DataCategory,
  DropCode,
  NotificationPlan,
  PendingCondition,
  RejectCode,
} from '@vigil/contracts'

/** The assessment as the gates build it, before it is frozen into an {@link Assessment}. */
export interface AssessmentDraft {
  readonly reasons: AssessmentReason[]
  readonly pending: PendingCondition[]
  readonly allowed: DataCategory[]
  readonly dropped: Assessment['droppedCategories']
  readonly fieldLimits: Record<string, string[]>
  dateRange: { from: string; to: string } | undefined
  dateRangeNarrowed: boolean
  preserveUntil: string | undefined
  securityEvent: boolean
  agencyWarning: AgencyWarning | undefined
  specified: number
  resolved: number
}

/** A fresh draft for a request with `specified` targets. */
export function startDraft(specified: number, dateRange: AssessmentDraft['dateRange']): AssessmentDraft {
  return {
    reasons: [],
    pending: [],
    allowed: [],
    dropped: [],
    fieldLimits: {},
    dateRange,
    dateRangeNarrowed: false,
    preserveUntil: undefined,
    securityEvent: false,
    agencyWarning: undefined,
    specified,
    resolved: 0,
  }
}

/** Records a reason and the rule it rests on. */
export function addReason(draft: AssessmentDraft, code: string, rule: string, message: string): void {
  draft.reasons.push({ code, rule, message })
}

/** Drops a category, with its reason. */
export function dropCategory(draft: AssessmentDraft, category: DataCategory, code: DropCode, rule: string, message: string): void {
  draft.dropped.push({ category, code, rule, message })
}

const NO_NOTICE: NotificationPlan = { timing: 'none', rule: '§3.4 N4' }

/** Freezes a draft into a result with `outcome`. */
export function finish(
  draft: AssessmentDraft,
  outcome: Assessment['outcome'],
  extra: Partial<Pick<Assessment, 'rejectCode' | 'missingFields' | 'duplicateOf' | 'notification'>> = {},
): Assessment {
  const disclosing = outcome === 'accept' || outcome === 'narrow'
  return {
    outcome,
    ...(extra.rejectCode ? { rejectCode: extra.rejectCode } : {}),
    reasons: [...draft.reasons],
    // Nothing is disclosed on these outcomes, so no category is listed as allowed.
    allowedCategories: outcome === 'reject' || outcome === 'require_mlat' || outcome === 'no_records' ? [] : [...draft.allowed],
    droppedCategories: [...draft.dropped],
    ...(draft.dateRange && outcome !== 'reject' ? { dateRange: { ...draft.dateRange } } : {}),
    fieldLimits: { ...draft.fieldLimits },
    missingFields: [...(extra.missingFields ?? [])],
    ...(extra.duplicateOf ? { duplicateOf: extra.duplicateOf } : {}),
    ...(draft.preserveUntil && outcome === 'preserve' ? { preserveUntil: draft.preserveUntil } : {}),
    // A rejected request needs no more steps, except a hand-over to counsel.
    pendingConditions: draft.pending.filter((c) => outcome !== 'reject' || c.code === 'COUNSEL_REVIEW'),
    securityEvent: draft.securityEvent,
    replyToSender: !draft.securityEvent,
    ...(draft.agencyWarning ? { agencyWarning: draft.agencyWarning } : {}),
    accounts: { specified: draft.specified, resolved: draft.resolved },
    notification: disclosing && extra.notification ? extra.notification : NO_NOTICE,
  }
}

/** A rejection with `code`, its rule and message. */
export function reject(
  draft: AssessmentDraft,
  code: RejectCode,
  rule: string,
  message: string,
  extra: Partial<Pick<Assessment, 'missingFields' | 'duplicateOf'>> = {},
): Assessment {
  addReason(draft, code, rule, message)
  return finish(draft, 'reject', { rejectCode: code, ...extra })
}
