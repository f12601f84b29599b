import { z } from 'zod'
import { DataCategory, LegalProcess, SubpoenaKind, Target } from './legal-process.js'

/** An ISO 3166-1 alpha-2 country code, upper case (`US`, `GB`). */
export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'expected a two-letter country code')
export type CountryCode = z.infer<typeof CountryCode>

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date()

/** A lowercase hex SHA-256 digest. */
export const Sha256Hex = z
  .string()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest')

/** What kind of harm an emergency request alleges; only the first three are emergencies (§3.2 E2). */
export const EmergencyThreat = z.enum([
  'death',
  'serious_physical_injury',
  'child_harm',
  'fraud',
  'property_crime',
  'flight_risk',
  'evidence_loss',
  'other',
])
export type EmergencyThreat = z.infer<typeof EmergencyThreat>

/**
 * The facts an emergency request must give (§3.2 E2, E3). Fields may be absent at intake so
 * the assessment can name what is missing.
 */
export const EmergencyFacts = z.strictObject({
  threat: EmergencyThreat.optional(),
  /** The official attests that disclosure is needed without delay. */
  withoutDelay: z.boolean().optional(),
  personAtRisk: z.string().trim().max(2000).optional(),
  nature: z.string().trim().max(4000).optional(),
  howDisclosurePreventsHarm: z.string().trim().max(4000).optional(),
  /** Specific items of content shown necessary; without them no content is disclosed (§3.2 E5). */
  specificItems: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
})
export type EmergencyFacts = z.infer<typeof EmergencyFacts>

/** The conditions an order under a CLOUD Act executive agreement must meet (§4). */
export const CloudActFacts = z.strictObject({
  seriousCrime: z.boolean(),
  targetIsUsPersonOrInUs: z.boolean(),
  independentAuthorisation: z.boolean(),
})
export type CloudActFacts = z.infer<typeof CloudActFacts>

/**
 * A data request as submitted (REQUESTS-LAW.md §3.1 G2 lists what it must hold). Fields the law
 * requires are optional here on purpose: the assessment rejects an incomplete request with
 * `INCOMPLETE_REQUEST` naming the missing fields, rather than intake failing without a record.
 *
 * @example
 * DataRequestInput.parse({ process: 'subpoena', subpoenaKind: 'criminal', agency: { name: 'FBI', country: 'US' }, ... })
 */
export const DataRequestInput = z.strictObject({
  process: LegalProcess,
  subpoenaKind: SubpoenaKind.optional(),
  agency: z.strictObject({ name: z.string().trim().max(300).optional(), country: CountryCode }),
  official: z.strictObject({
    name: z.string().trim().max(300).optional(),
    email: z.string().trim().toLowerCase().max(320).optional(),
    phone: z.string().trim().max(50).optional(),
  }),
  caseNumber: z.string().trim().max(200).optional(),
  legalDocument: z.strictObject({ sha256: Sha256Hex, signed: z.boolean() }).optional(),
  targets: z.array(Target).max(10_000).default([]),
  categories: z.array(DataCategory).max(DataCategory.options.length).default([]),
  dateRange: z.strictObject({ from: IsoDate, to: IsoDate }).optional(),
  nonDisclosureOrder: z.strictObject({ expiresOn: IsoDate.nullable() }).optional(),
  emergency: EmergencyFacts.optional(),
  cloudAct: CloudActFacts.optional(),
  /** For a preservation extension: the preservation request it renews. */
  extendsRequestId: z.string().trim().min(1).max(100).optional(),
})
export type DataRequestInput = z.infer<typeof DataRequestInput>
