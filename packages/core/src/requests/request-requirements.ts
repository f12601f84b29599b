import type { DataRequestInput, LegalProcess } from '@vigil/contracts'

/** A field a kind of request must carry (§3.1 G2), named as in the request file. */
export type RequiredField =
  | 'agency.name'
  | 'official.name'
  | 'official.email'
  | 'official.phone'
  | 'caseNumber'
  | 'legalDocument'
  | 'targets'
  | 'categories'
  | 'dateRange'
  | 'subpoenaKind'
  | 'extendsRequestId'
  | 'cloudAct'
  | 'emergency.threat'
  | 'emergency.withoutDelay'
  | 'emergency.personAtRisk'
  | 'emergency.nature'
  | 'emergency.howDisclosurePreventsHarm'

const PRESENT: Readonly<Record<RequiredField, (r: DataRequestInput) => boolean>> = {
  'agency.name': (r) => Boolean(r.agency.name),
  'official.name': (r) => Boolean(r.official.name),
  'official.email': (r) => Boolean(r.official.email),
  'official.phone': (r) => Boolean(r.official.phone),
  caseNumber: (r) => Boolean(r.caseNumber),
  legalDocument: (r) => r.legalDocument !== undefined,
  targets: (r) => r.targets.length > 0,
  categories: (r) => r.categories.length > 0,
  dateRange: (r) => r.dateRange !== undefined,
  subpoenaKind: (r) => r.subpoenaKind !== undefined,
  extendsRequestId: (r) => r.extendsRequestId !== undefined,
  cloudAct: (r) => r.cloudAct !== undefined,
  'emergency.threat': (r) => r.emergency?.threat !== undefined,
  'emergency.withoutDelay': (r) => r.emergency?.withoutDelay !== undefined,
  'emergency.personAtRisk': (r) => Boolean(r.emergency?.personAtRisk),
  'emergency.nature': (r) => Boolean(r.emergency?.nature),
  'emergency.howDisclosurePreventsHarm': (r) => Boolean(r.emergency?.howDisclosurePreventsHarm),
}

// Legal process (Meta's list, §3.1 G2): who asks, for which case, under which signed document,
// about which accounts, for which data over which period.
const LEGAL_PROCESS: readonly RequiredField[] = [
  'agency.name',
  'official.name',
  'official.email',
  'official.phone',
  'caseNumber',
  'legalDocument',
  'targets',
  'categories',
  'dateRange',
]

/** The facts §3.2 E3 asks for, only once E2 has found an emergency. */
export const EMERGENCY_FACT_FIELDS: readonly RequiredField[] = [
  'emergency.personAtRisk',
  'emergency.nature',
  'emergency.howDisclosurePreventsHarm',
]

/**
 * Which fields each kind of request must carry before it is assessed (§3.1 G2). A preservation
 * is a snapshot: a verified requester (G1) and an account identifier are enough (§3.3 P1). An
 * emergency is judged by E1–E7, which ask for no case number or date range; its E3 facts
 * ({@link EMERGENCY_FACT_FIELDS}) are asked for only once E2 has found an emergency.
 */
export const REQUIRED_FIELDS: Readonly<Record<LegalProcess, readonly RequiredField[]>> = {
  subpoena: [...LEGAL_PROCESS, 'subpoenaKind'],
  court_order_2703d: LEGAL_PROCESS,
  search_warrant: LEGAL_PROCESS,
  pen_register: LEGAL_PROCESS,
  wiretap: LEGAL_PROCESS,
  nsl: LEGAL_PROCESS,
  emergency: [
    'agency.name',
    'official.name',
    'official.email',
    'official.phone',
    'legalDocument',
    'targets',
    'categories',
    'emergency.threat',
    'emergency.withoutDelay',
  ],
  preservation: ['targets'],
  preservation_extension: ['targets', 'extendsRequestId'],
  foreign_request: LEGAL_PROCESS,
  cloud_act_order: [...LEGAL_PROCESS, 'cloudAct'],
}

/** The fields of `fields` the request lacks, a document without signature named `legalDocument.signature`. */
export function missingFields(req: DataRequestInput, fields: readonly RequiredField[]): string[] {
  const missing: string[] = fields.filter((f) => !PRESENT[f](req))
  if (fields.includes('legalDocument') && req.legalDocument && !req.legalDocument.signed) missing.push('legalDocument.signature')
  if (req.dateRange && req.dateRange.from > req.dateRange.to) missing.push('dateRange (from is after to)')
  return missing
}

/**
 * The table of {@link REQUIRED_FIELDS} as Markdown, as docs/REQUESTS.md shows it (a test keeps
 * the two the same).
 */
export function requiredFieldsTable(): string {
  const rows = Object.entries(REQUIRED_FIELDS).map(([kind, fields]) => {
    const after = kind === 'emergency' ? `; once E2 holds (§3.2 E3): ${EMERGENCY_FACT_FIELDS.map((f) => `\`${f}\``).join(', ')}` : ''
    return `| \`${kind}\` | ${fields.map((f) => `\`${f}\``).join(', ')}${after} |`
  })
  return ['| kind (`process`) | required fields |', '| --- | --- |', ...rows].join('\n')
}
