import type { Assessment, AssessmentContext, AssessmentSettings, DataRequestInput, NotificationPlan } from '@vigil/contracts'
import { isPreservation, PARTICULAR_TARGET_TYPES } from '@vigil/contracts'
import { targetKey } from './account-identifiers.js'
import { type AssessmentDraft, addReason, finish, startDraft } from './assessment-draft.js'
import { checkCompleteness, checkDuplicate, checkParticularity, checkRequester } from './intake-gates.js'
import { addDays } from './iso-date.js'
import { applyEmergency, applyForeign, applyMatrix, applyPreservation, checkIsEmergency } from './route-gates.js'

/**
 * The automated legal assessment of one data request: the gates of REQUESTS-LAW.md §3.1 in
 * order, the first that fails deciding the outcome. An emergency request that states its threat
 * is first asked whether it is an emergency at all (§3.2 E2), before anything is asked of it. Pure: the context carries everything it
 * reads (directory, open requests, resolved accounts), `today` is the day of the assessment.
 * The result is a recommendation with reasons; a reviewer decides.
 *
 * @example
 * const a = assessRequest(request, context, AssessmentSettings.parse({}), '2026-03-01')
 * a.outcome // 'narrow'; a.droppedCategories[0].code === 'NEEDS_WARRANT'
 */
export function assessRequest(req: DataRequestInput, ctx: AssessmentContext, settings: AssessmentSettings, today: string): Assessment {
  // Only account identifiers count as accounts specified (§5); a hashtag names no account.
  const draft = startDraft(req.targets.filter((t) => PARTICULAR_TARGET_TYPES.includes(t.type)).length, req.dateRange)
  const resolved = new Set(ctx.resolvedTargets.map(targetKey))
  draft.resolved = req.targets.filter((t) => resolved.has(targetKey(t))).length
  const stopped =
    checkRequester(req, ctx, draft) ??
    checkIsEmergency(req, draft) ??
    checkCompleteness(req, draft) ??
    checkDuplicate(req, ctx, draft) ??
    checkParticularity(req, settings, draft) ??
    route(req, ctx, settings, draft, today)
  if (stopped && stopped.outcome !== 'preserve') return stopped
  // G9: identifiers that resolve to nothing still count as accounts specified.
  if (draft.resolved === 0) {
    addReason(draft, 'NO_RECORDS', '§3.1 G9', 'no identifier resolves to an account')
    return finish(draft, 'no_records')
  }
  if (stopped) return stopped
  const narrowed = draft.dropped.length > 0 || draft.dateRangeNarrowed || Object.keys(draft.fieldLimits).length > 0
  return finish(draft, narrowed ? 'narrow' : 'accept', { notification: planNotification(req, settings, draft) })
}

// G5: US process to the matrix, foreign agencies to §4, emergencies to §3.2, preservation to §3.3.
function route(
  req: DataRequestInput,
  ctx: AssessmentContext,
  settings: AssessmentSettings,
  draft: AssessmentDraft,
  today: string,
): Assessment | undefined {
  if (isPreservation(req.process)) {
    return applyPreservation(req, ctx, settings, draft, today)
  }
  const foreign = req.agency.country !== 'US'
  if (req.process === 'emergency') return applyEmergency(req, ctx, settings, draft, today, foreign)
  if (foreign) return applyForeign(req, settings, draft, today)
  return applyMatrix(req, settings, draft)
}

/** G10: when the account holder is told (§3.4 N1–N3; N4 when nothing is disclosed). */
function planNotification(req: DataRequestInput, settings: AssessmentSettings, draft: AssessmentDraft): NotificationPlan {
  const ndo = req.nonDisclosureOrder
  if (ndo?.expiresOn) return { timing: 'after_ndo_expiry', notBefore: addDays(ndo.expiresOn, 1), rule: '§3.4 N2' }
  if (ndo) {
    draft.pending.push({
      code: 'NDO_FIXED_PERIOD_ESCALATION',
      rule: '§3.4 N2',
      message: 'the non-disclosure order has no end date: comply, and ask legal to seek a fixed period',
    })
    return { timing: 'held', rule: '§3.4 N2' }
  }
  if (req.process === 'nsl') return { timing: 'held', rule: '§3.4 N2 (NSL secrecy duty)' }
  if (req.process === 'emergency') return { timing: 'after_emergency', rule: '§3.4 N3' }
  return { timing: 'before_disclosure', waitDays: settings.noticeWaitDays, rule: '§3.4 N1, §7 Q5' }
}
