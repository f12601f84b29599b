import {
  DataCategory,
  type DataRequestInput,
  EmergencyThreat,
  type LegalProcess,
  MAX_LEGAL_DOCUMENT_BYTES,
  type SubmitRequestBody,
  SubpoenaKind,
  TargetType,
} from '@vigil/contracts'
import { EMERGENCY_FACT_FIELDS, REQUIRED_FIELDS, type RequiredField } from '@vigil/core/requests/requirements'

/** The intake form's fields, named as the form names its inputs. */
export type IntakeField =
  | 'platform'
  | 'agency'
  | 'country'
  | 'officialName'
  | 'officialEmail'
  | 'officialPhone'
  | 'caseNumber'
  | 'subpoenaKind'
  | 'extendsRequestId'
  | 'targets'
  | 'categories'
  | 'from'
  | 'to'
  | 'ndo'
  | 'threat'
  | 'withoutDelay'
  | 'personAtRisk'
  | 'nature'
  | 'howPrevents'
  | 'document'

/** The fields in the order the form shows them: the first that fails a check takes the focus. */
export const INTAKE_FIELDS: readonly IntakeField[] = [
  'platform',
  'subpoenaKind',
  'extendsRequestId',
  'agency',
  'country',
  'officialName',
  'officialEmail',
  'officialPhone',
  'caseNumber',
  'targets',
  'categories',
  'threat',
  'withoutDelay',
  'personAtRisk',
  'nature',
  'howPrevents',
  'from',
  'to',
  'ndo',
  'document',
]

/** What the form holds when the requester asks to review it. */
export interface IntakeValues {
  readonly process: LegalProcess
  readonly text: Readonly<Partial<Record<IntakeField | 'specificItems', string>>>
  readonly categories: readonly string[]
  readonly withoutDelay: boolean
  readonly signed: boolean
  readonly cloudAct: {
    readonly seriousCrime: boolean
    readonly targetIsUsPersonOrInUs: boolean
    readonly independentAuthorisation: boolean
  }
  /** The chosen file; a correction may keep the document on file instead. */
  readonly document?: { readonly name: string; readonly size: number; readonly type: string }
}

/** A message per field that fails a check; empty when the form may be reviewed. */
export type IntakeProblems = Partial<Record<IntakeField, string>>

// Where each field core requires (§3.1 G2) is filled in on the form; `cloudAct`'s three answers
// are checkboxes, always answered.
const FORM_FIELD: Readonly<Record<RequiredField, IntakeField | undefined>> = {
  'agency.name': 'agency',
  'official.name': 'officialName',
  'official.email': 'officialEmail',
  'official.phone': 'officialPhone',
  caseNumber: 'caseNumber',
  legalDocument: 'document',
  targets: 'targets',
  categories: 'categories',
  dateRange: 'from',
  subpoenaKind: 'subpoenaKind',
  extendsRequestId: 'extendsRequestId',
  cloudAct: undefined,
  'emergency.threat': 'threat',
  'emergency.withoutDelay': 'withoutDelay',
  'emergency.personAtRisk': 'personAtRisk',
  'emergency.nature': 'nature',
  'emergency.howDisclosurePreventsHarm': 'howPrevents',
}

// Orders that reach forward in time: their period may end after today.
const PROSPECTIVE: readonly LegalProcess[] = ['pen_register', 'wiretap']

/** Parses "type:value" lines into targets; `undefined` when a line is not of that form. */
export function parseTargets(text: string): DataRequestInput['targets'] | undefined {
  const targets: DataRequestInput['targets'] = []
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue
    const at = line.indexOf(':')
    const type = TargetType.safeParse(line.slice(0, Math.max(at, 0)).trim())
    const value = line.slice(at + 1).trim()
    if (at < 0 || !type.success || !value) return undefined
    targets.push({ type: type.data, value })
  }
  return targets
}

function isPresent(v: IntakeValues, field: IntakeField, documentOnFile: boolean): boolean {
  if (field === 'categories') return v.categories.length > 0
  if (field === 'withoutDelay') return v.withoutDelay
  if (field === 'document') return v.document !== undefined || documentOnFile
  return Boolean(v.text[field]?.trim())
}

const MISSING: Partial<Record<IntakeField, string>> = {
  categories: 'Choose at least one category of data.',
  withoutDelay: 'The official must attest that disclosure is needed without delay.',
  document: 'Attach the signed legal document (PDF).',
  targets: 'Name at least one account.',
  from: 'Give the period the request covers.',
}

/**
 * The checks of the intake form, before anything is sent: the fields the kind of request must
 * carry (core's `REQUIRED_FIELDS`, and an emergency's facts), the accounts' form, the dates
 * (start not after end; not in the future, except the end of an order that reaches forward) and
 * the document (a PDF within `MAX_LEGAL_DOCUMENT_BYTES`).
 *
 * @example
 * checkIntake(values, '2026-03-01', { documentOnFile: false }) // { caseNumber: 'Required for a subpoena.' }
 */
export function checkIntake(v: IntakeValues, today: string, options: { readonly documentOnFile: boolean }): IntakeProblems {
  const problems: IntakeProblems = {}
  const required = [...REQUIRED_FIELDS[v.process], ...(v.process === 'emergency' ? EMERGENCY_FACT_FIELDS : [])]
  for (const r of required) {
    const field = FORM_FIELD[r]
    if (field && !isPresent(v, field, options.documentOnFile)) problems[field] = MISSING[field] ?? 'Required for this kind of request.'
  }
  if (!v.text.platform) problems.platform = 'Choose the platform the request is addressed to.'
  if (!/^[A-Za-z]{2}$/.test(v.text.country ?? '')) problems.country = 'Give the country as two letters, e.g. US.'
  const email = v.text.officialEmail?.trim()
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.officialEmail = 'Give an e-mail address, e.g. name@agency.gov.'
  if (parseTargets(v.text.targets ?? '') === undefined) {
    problems.targets = `Write each account on its own line as type:value, with type one of ${TargetType.options.join(', ')}.`
  }
  const from = v.text.from ?? ''
  const to = v.text.to ?? ''
  if (from && !to) problems.to = 'Give the end of the period too.'
  if (to && !from) problems.from = 'Give the start of the period too.'
  if (from && from > today) problems.from = 'The period cannot start in the future: no records exist yet.'
  if (from && to && from > to) problems.to = 'The end of the period is before its start.'
  else if (to && to > today && !PROSPECTIVE.includes(v.process)) {
    problems.to = 'The period cannot end in the future: only a pen register or wiretap order reaches forward.'
  }
  const ndo = v.text.ndo ?? ''
  if (ndo && ndo < today) problems.ndo = 'This non-disclosure order has already expired; leave the date empty.'
  const doc = v.document
  if (doc) {
    if (doc.size === 0) problems.document = 'The file is empty.'
    else if (doc.size > MAX_LEGAL_DOCUMENT_BYTES) {
      problems.document = `The file is larger than ${MAX_LEGAL_DOCUMENT_BYTES / 1024 / 1024} MiB, the most accepted.`
    } else if (doc.type !== 'application/pdf' && !doc.name.toLowerCase().endsWith('.pdf')) {
      problems.document = 'The legal document must be a PDF.'
    }
  }
  return problems
}

const optional = (s: string | undefined) => s?.trim() || undefined

/**
 * The request the checked form describes, as the API takes it.
 *
 * @example
 * const request = toRequestBody(values)
 */
export function toRequestBody(v: IntakeValues): SubmitRequestBody['request'] {
  const t = v.text
  const subpoenaKind = SubpoenaKind.safeParse(t.subpoenaKind)
  return {
    process: v.process,
    ...(v.process === 'subpoena' && subpoenaKind.success ? { subpoenaKind: subpoenaKind.data } : {}),
    agency: { name: optional(t.agency), country: (t.country ?? '').trim().toUpperCase() },
    official: { name: optional(t.officialName), email: optional(t.officialEmail), phone: optional(t.officialPhone) },
    caseNumber: optional(t.caseNumber),
    targets: parseTargets(t.targets ?? '') ?? [],
    categories: v.categories.map((c) => DataCategory.parse(c)),
    ...(t.from && t.to ? { dateRange: { from: t.from, to: t.to } } : {}),
    ...(t.ndo ? { nonDisclosureOrder: { expiresOn: t.ndo } } : {}),
    ...(v.process === 'preservation_extension' && optional(t.extendsRequestId) ? { extendsRequestId: optional(t.extendsRequestId) } : {}),
    ...(v.process === 'cloud_act_order' ? { cloudAct: { ...v.cloudAct } } : {}),
    ...(v.process === 'emergency'
      ? {
          emergency: {
            threat: EmergencyThreat.parse(t.threat ?? 'other'),
            withoutDelay: v.withoutDelay,
            personAtRisk: optional(t.personAtRisk),
            nature: optional(t.nature),
            howDisclosurePreventsHarm: optional(t.howPrevents),
            specificItems: (t.specificItems ?? '')
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean),
          },
        }
      : {}),
  }
}
