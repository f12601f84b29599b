import {
  type Assessment,
  type AssessmentContext,
  type AssessmentSettings,
  CONTENT_CATEGORIES,
  DataCategory,
  type DataRequestInput,
} from '@vigil/contracts'
import { type AssessmentDraft, addReason, dropCategory, finish, reject } from './assessment-draft.js'
import { addDays, daysBetween, laterDay } from './iso-date.js'
import { EMERGENCY_FACT_FIELDS, missingFields } from './request-requirements.js'
import { isMatrixProcess, NSL_FIELDS, SCA_MATRIX } from './sca-matrix.js'

/** Rejects with `INSUFFICIENT_LEGAL_PROCESS` when no category survived (§3 "Combining categories"). */
export function requireSomeAllowed(draft: AssessmentDraft, rule: string): Assessment | undefined {
  if (draft.allowed.length > 0) return undefined
  return reject(draft, 'INSUFFICIENT_LEGAL_PROCESS', rule, 'the process allows none of the requested categories')
}

/** G8: the §3 matrix for US process. */
export function applyMatrix(req: DataRequestInput, settings: AssessmentSettings, draft: AssessmentDraft): Assessment | undefined {
  const { process } = req
  if (!isMatrixProcess(process)) {
    return reject(draft, 'INSUFFICIENT_LEGAL_PROCESS', '§4', `a US agency cannot rest a request on a ${process}`)
  }
  if (process === 'subpoena' && req.subpoenaKind && !settings.honouredSubpoenas.includes(req.subpoenaKind)) {
    return reject(
      draft,
      'SUBPOENA_NOT_HONOURED',
      '§7 Q1 (instance setting honouredSubpoenas)',
      `this instance does not honour ${req.subpoenaKind} subpoenas`,
    )
  }
  for (const category of new Set(req.categories)) {
    const cell = SCA_MATRIX[process][category]
    if (cell.kind === 'drop') {
      dropCategory(draft, category, cell.code, '§3 matrix', cell.message)
      continue
    }
    draft.allowed.push(category)
    if (cell.note === 'name_and_length_of_service') {
      draft.fieldLimits[category] = [...NSL_FIELDS]
      addReason(draft, 'NSL_FIELDS_ONLY', '§3 matrix (18 U.S.C. 2709)', 'an NSL reaches name and length of service only')
    }
  }
  return requireSomeAllowed(draft, '§3 matrix')
}

const EMERGENCY_THREATS = new Set(['death', 'serious_physical_injury', 'child_harm'])
const REALTIME = new Set<DataCategory>(['realtime_metadata', 'realtime_content'])
const EMERGENCY_NON_CONTENT = new Set<DataCategory>(['basic_subscriber_info', 'ip_logs', 'communication_metadata', 'location_data'])

/**
 * §3.2 E2, decided before anything else is asked of an emergency request: a stated threat that
 * is not a danger of death or serious physical injury requiring disclosure without delay is no
 * emergency. The sender is told so, and never asked to name a person at risk, which would invite
 * it to invent one.
 */
export function checkIsEmergency(req: DataRequestInput, draft: AssessmentDraft): Assessment | undefined {
  const facts = req.emergency
  if (req.process !== 'emergency' || !facts) return undefined
  const notDanger = facts.threat !== undefined && !EMERGENCY_THREATS.has(facts.threat)
  if (!notDanger && facts.withoutDelay !== false) return undefined
  const what = notDanger
    ? `${facts.threat?.replaceAll('_', ' ')} is not a danger of death or serious physical injury`
    : 'the danger alleged does not require disclosure without delay'
  return reject(
    draft,
    'NOT_AN_EMERGENCY',
    '§3.2 E2',
    `${what}: this is not an emergency; send a preservation request and serve legal process`,
  )
}

/** G6: the emergency conditions E3–E5 and E7 of §3.2 (E1 and E4's failure are G1, E2 {@link checkIsEmergency}). */
export function applyEmergency(
  req: DataRequestInput,
  ctx: AssessmentContext,
  settings: AssessmentSettings,
  draft: AssessmentDraft,
  today: string,
  foreign: boolean,
): Assessment | undefined {
  const missing = missingFields(req, EMERGENCY_FACT_FIELDS)
  if (missing.length > 0) {
    return reject(draft, 'INCOMPLETE_REQUEST', '§3.2 E3', `missing: ${missing.join(', ')}`, { missingFields: missing })
  }
  addReason(draft, 'EMERGENCY_CONDITIONS_MET', '§3.2 E2', `danger alleged: ${req.emergency?.threat}`)
  if (ctx.callback === 'pending') {
    const entry = ctx.directory.find((e) => e.agency.toLowerCase() === req.agency.name?.toLowerCase())
    draft.pending.push({
      code: 'OUT_OF_BAND_CALLBACK',
      rule: '§3.2 E4',
      message: 'call the agency back on its directory number before anything is disclosed',
      ...(entry ? { phone: entry.callbackPhone } : {}),
    })
  } else addReason(draft, 'CALLBACK_VERIFIED', '§3.2 E4', 'the out-of-band call-back was recorded as verified')

  const specificItems = req.emergency?.specificItems ?? []
  for (const category of new Set(req.categories)) {
    if (EMERGENCY_NON_CONTENT.has(category)) {
      draft.allowed.push(category)
    } else if (REALTIME.has(category)) {
      dropCategory(draft, category, 'NOT_AVAILABLE_TO_PROCESS', '§3 matrix', 'an emergency request cannot reach real-time interception')
    } else if (foreign && !settings.foreignEmergencyContent) {
      dropCategory(draft, category, 'MLAT_REQUIRED', '§3.2 E7', 'a foreign emergency reaches non-content only; content needs an MLAT')
    } else if (settings.emergencyContent === 'specific_items' && specificItems.length > 0) {
      draft.allowed.push(category)
      if (!draft.pending.some((p) => p.code === 'SECOND_REVIEWER')) {
        draft.pending.push({ code: 'SECOND_REVIEWER', rule: '§3.2 E5', message: 'content in an emergency needs a second reviewer' })
      }
    } else {
      dropCategory(
        draft,
        category,
        'EMERGENCY_SCOPE_EXCEEDED',
        '§3.2 E5',
        'content in an emergency only for specific items shown necessary; bulk history never',
      )
    }
  }
  const earliest = addDays(today, -settings.emergencyWindowDays)
  if (draft.dateRange && draft.dateRange.from < earliest) {
    draft.dateRange = { from: earliest, to: laterDay(draft.dateRange.to, earliest) }
    draft.dateRangeNarrowed = true
    addReason(
      draft,
      'EMERGENCY_SCOPE_EXCEEDED',
      '§3.2 E5',
      `date range narrowed to the last ${settings.emergencyWindowDays} days (from ${earliest})`,
    )
  }
  return requireSomeAllowed(draft, '§3.2 E5')
}

/** G7: preservation and its renewal (§3.3 P1–P5). Nothing is disclosed. */
export function applyPreservation(
  req: DataRequestInput,
  ctx: AssessmentContext,
  settings: AssessmentSettings,
  draft: AssessmentDraft,
  today: string,
): Assessment | undefined {
  // A preservation needs no categories (§3.3 P1): without them, every stored category is kept.
  const categories = req.categories.length > 0 ? req.categories : DataCategory.options.filter((c) => !REALTIME.has(c))
  for (const category of new Set(categories)) {
    if (REALTIME.has(category)) {
      dropCategory(draft, category, 'NOT_PRESERVABLE', '§3.3 P1', 'a preservation is a snapshot of stored records')
    } else draft.allowed.push(category)
  }
  const none = requireSomeAllowed(draft, '§3.3 P1')
  if (none) return none
  const hold = ctx.priorHold
  const renewal = req.process === 'preservation_extension'
  if (renewal && hold && hold.requestId === req.extendsRequestId && hold.preserveUntil >= today) {
    if (hold.extensions >= settings.maxPreservationExtensions) {
      return reject(
        draft,
        'PRESERVATION_EXTENSION_LIMIT',
        '§3.3 P4',
        `the hold has had ${hold.extensions} renewal(s), the most this instance allows; it runs to ${hold.preserveUntil} and is then released`,
      )
    }
    draft.preserveUntil = addDays(hold.preserveUntil, settings.preservationDays)
    addReason(draft, 'PRESERVATION_RENEWED', '§3.3 P3', `hold ${hold.requestId} renewed to ${draft.preserveUntil}`)
    if (daysBetween(today, hold.preserveUntil) < 7) {
      addReason(draft, 'LATE_RENEWAL', '§3.3 P3', 'renewals should arrive at least 7 days before the hold expires')
    }
  } else {
    draft.preserveUntil = addDays(today, settings.preservationDays)
    if (renewal) {
      addReason(draft, 'RENEWAL_AS_NEW_HOLD', '§3.3 P3', 'no live hold to renew (lapsed or unknown); treated as a new preservation')
    }
    addReason(draft, 'PRESERVED', '§3.3 P2', `snapshot preserved until ${draft.preserveUntil}; nothing disclosed until process`)
  }
  if (req.agency.country !== 'US') addReason(draft, 'FOREIGN_PRESERVATION', '§3.3 P5', 'preserved pending an MLAT')
  return finish(draft, 'preserve')
}

/** G5 for foreign agencies: a CLOUD Act agreement order, or non-content only with content to an MLAT (§4). */
export function applyForeign(
  req: DataRequestInput,
  settings: AssessmentSettings,
  draft: AssessmentDraft,
  today: string,
): Assessment | undefined {
  if (req.process === 'cloud_act_order') {
    const agreement = settings.cloudActAgreements.find((a) => a.country === req.agency.country && a.inForceFrom <= today)
    const facts = req.cloudAct
    const unmet = !agreement
      ? `no CLOUD Act agreement with ${req.agency.country} in force`
      : !facts?.seriousCrime
        ? 'the order does not concern a serious crime'
        : facts.targetIsUsPersonOrInUs
          ? 'the order targets a US person or a person in the US'
          : !facts.independentAuthorisation
            ? 'the order lacks independent authorisation'
            : undefined
    if (unmet) {
      addReason(draft, 'CLOUD_ACT_CONDITIONS_NOT_MET', '§4 (18 U.S.C. 2523)', `${unmet}; the route is an MLAT`)
      return finish(draft, 'require_mlat')
    }
    draft.allowed.push(...new Set(req.categories))
    addReason(draft, 'CLOUD_ACT_ORDER', '§4 (18 U.S.C. 2523)', `order under the ${req.agency.country} agreement meets its conditions`)
    return undefined
  }
  for (const category of new Set(req.categories)) {
    if (category === 'basic_subscriber_info' || category === 'ip_logs' || category === 'communication_metadata') {
      draft.allowed.push(category)
    } else {
      const content = CONTENT_CATEGORIES.includes(category) || category === 'realtime_metadata'
      dropCategory(
        draft,
        category,
        'MLAT_REQUIRED',
        '§4',
        content ? 'content reaches a foreign authority only through an MLAT or agreement order' : 'location data is warrant-only: MLAT',
      )
    }
  }
  if (draft.allowed.length === 0) {
    addReason(draft, 'MLAT_REQUIRED', '§4', 'nothing requested can go to a foreign authority directly')
    return finish(draft, 'require_mlat')
  }
  draft.pending.push({
    code: 'HUMAN_RIGHTS_REVIEW',
    rule: '§4',
    message: 'non-content to a foreign authority: human-rights and dual-criminality review (2702(c)(6))',
  })
  return undefined
}
