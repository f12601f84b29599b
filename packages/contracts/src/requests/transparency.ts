import { z } from 'zod'
import { CountryCode, IsoDate } from './data-request.js'
import { LegalProcess } from './legal-process.js'

/**
 * A half-year of the transparency report, `YYYY-H1` or `YYYY-H2`.
 *
 * @example
 * ReportPeriod.parse('2026-H1')
 */
export const ReportPeriod = z.string().regex(/^\d{4}-H[12]$/, 'expected a half-year like 2026-H1')
export type ReportPeriod = z.infer<typeof ReportPeriod>

/** One request as the report counts it (REQUESTS-LAW.md §5). */
export const TransparencyRecord = z.object({
  requestId: z.string(),
  receivedOn: IsoDate,
  country: CountryCode,
  process: LegalProcess,
  accountsSpecified: z.number().int().min(0),
  someDataProduced: z.boolean(),
  rejected: z.boolean(),
  noDataFound: z.boolean(),
  contentDisclosed: z.boolean(),
  nonContentDisclosed: z.boolean(),
  withNondisclosureOrder: z.boolean(),
  usersNotified: z.number().int().min(0),
  /** Merged duplicates are counted once: only the original. */
  duplicateOf: z.string().nullable(),
  suspectedFraud: z.boolean(),
})
export type TransparencyRecord = z.infer<typeof TransparencyRecord>

/** The Google transparency CSV's process column (see shared/data/transparency/PROVENANCE.md). */
export const ProcessBucket = z.enum([
  'Subpoenas',
  'Search Warrants',
  'Other Court Orders',
  'Pen Register Orders',
  'Wiretap Orders',
  'Emergency Disclosure Requests',
  'Preservation Requests',
  'Other Legal Requests',
])
export type ProcessBucket = z.infer<typeof ProcessBucket>

/** A count, or `<10` in the public report for counts from 1 to 9. */
export const MaskedCount = z.union([z.number().int().min(0), z.literal('<10')])
export type MaskedCount = z.infer<typeof MaskedCount>

/** One row of the report: a country and process bucket in the period (the fuller §5 figures). */
export const TransparencyRow = z.object({
  country: z.string().length(2),
  countryName: z.string(),
  process: ProcessBucket,
  requests: MaskedCount,
  accountsSpecified: MaskedCount,
  requestsSomeDataProduced: MaskedCount,
  /** Rounded percent; `null` for preservation, where nothing is produced. */
  pctSomeDataProduced: z.number().int().min(0).max(100).nullable(),
  requestsRejected: MaskedCount,
  requestsNoDataFound: MaskedCount,
  contentDisclosed: MaskedCount,
  nonContentDisclosed: MaskedCount,
  withNondisclosureOrder: MaskedCount,
  usersNotified: MaskedCount,
  /**
   * The row split by the process the requests rested on, for the JSON only: a 2703(d) order apart
   * from other court orders, a CLOUD Act agreement order apart from other foreign requests.
   */
  byProcess: z.array(
    z.object({ process: LegalProcess, requests: MaskedCount, accountsSpecified: MaskedCount, requestsSomeDataProduced: MaskedCount }),
  ),
})
export type TransparencyRow = z.infer<typeof TransparencyRow>

/**
 * The transparency report of one half-year (`vigil report transparency --format json`,
 * `/api/v1/transparency`).
 */
export const TransparencyReport = z.object({
  period: ReportPeriod,
  periodEnding: IsoDate,
  public: z.boolean(),
  rows: z.array(TransparencyRow),
  preservation: z.array(
    z.object({ country: z.string().length(2), requests: MaskedCount, extensions: MaskedCount, accountsPreserved: MaskedCount }),
  ),
  /** National security letters in bands of 250 (0–249, 250–499, …). */
  nationalSecurityLetters: z.string(),
  /** Share of US requests that came with a non-disclosure order, rounded percent. */
  usNondisclosurePct: z.number().int().min(0).max(100).nullable(),
  /** Requests refused as suspected fraud; absent from a public report when the instance decides so (§7 Q6). */
  suspectedFraudulent: MaskedCount.optional(),
  /** Merged duplicates left out of every count. */
  duplicatesExcluded: z.number().int().min(0),
})
export type TransparencyReport = z.infer<typeof TransparencyReport>

/** The columns of the Google transparency CSV, in its order; vigil's CSV has exactly these. */
export const TRANSPARENCY_CSV_COLUMNS = [
  'Period Ending',
  'Country',
  'CLDR Territory Code',
  'Legal Process',
  'User Data Requests',
  'Percentage of requests where some data produced',
  'Users/Accounts Specified',
] as const
