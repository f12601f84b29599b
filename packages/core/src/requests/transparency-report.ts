import type {
  LegalProcess,
  MaskedCount,
  ProcessBucket,
  ReportPeriod,
  TransparencyRecord,
  TransparencyReport,
  TransparencyRow,
} from '@vigil/contracts'
import { isPreservation, TRANSPARENCY_CSV_COLUMNS } from '@vigil/contracts'

/** The first and last day of a half-year. */
export function periodBounds(period: ReportPeriod): { readonly from: string; readonly to: string } {
  const [year, half] = period.split('-H')
  return half === '1' ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` }
}

const US_BUCKETS: Partial<Record<LegalProcess, ProcessBucket>> = {
  subpoena: 'Subpoenas',
  search_warrant: 'Search Warrants',
  court_order_2703d: 'Other Court Orders',
  pen_register: 'Pen Register Orders',
  wiretap: 'Wiretap Orders',
}

/**
 * The Google CSV's process column for a request: emergency and preservation everywhere, the US
 * split by process, every other country's process as "Other Legal Requests". NSLs are reported
 * only in bands, so they have no bucket.
 */
export function processBucket(country: string, process: LegalProcess): ProcessBucket | undefined {
  if (process === 'nsl') return undefined
  if (process === 'emergency') return 'Emergency Disclosure Requests'
  if (isPreservation(process)) return 'Preservation Requests'
  if (country === 'US') return US_BUCKETS[process] ?? 'Other Court Orders'
  return 'Other Legal Requests'
}

function pct(part: number, whole: number): number {
  return Math.round((100 * part) / whole)
}

/** Options of {@link buildTransparencyReport}. */
export interface ReportOptions {
  /** Mask counts from 1 to 9 as `<10` (REQUESTS-LAW.md §5, X's practice). */
  readonly public: boolean
  /** §7 Q6: whether the suspected-fraud line appears in a public report. */
  readonly publishFraudulent: boolean
  /** A country's display name (CLDR, English). */
  readonly countryName: (code: string) => string
}

/**
 * The transparency report of one half-year from the requests received in it: per country and
 * process bucket, requests, accounts specified and the share where some data was produced, with
 * the fuller §5 figures. Merged duplicates and suspected fraud are left out of the rows.
 *
 * @example
 * buildTransparencyReport(records, '2026-H1', { public: true, publishFraudulent: true, countryName })
 */
export function buildTransparencyReport(
  records: readonly TransparencyRecord[],
  period: ReportPeriod,
  options: ReportOptions,
): TransparencyReport {
  const { from, to } = periodBounds(period)
  const inPeriod = records.filter((r) => r.receivedOn >= from && r.receivedOn <= to)
  const counted = inPeriod.filter((r) => r.duplicateOf === null && !r.suspectedFraud)
  const mask = (n: number): MaskedCount => (options.public && n >= 1 && n <= 9 ? '<10' : n)
  const count = (rs: readonly TransparencyRecord[], f: (r: TransparencyRecord) => boolean) => rs.filter(f).length

  const groups = new Map<string, TransparencyRecord[]>()
  for (const r of counted) {
    const bucket = processBucket(r.country, r.process)
    if (!bucket) continue
    const key = `${r.country}\u0000${bucket}`
    const group = groups.get(key)
    if (group) group.push(r)
    else groups.set(key, [r])
  }
  const rows: TransparencyRow[] = [...groups.entries()].map(([key, rs]) => {
    const [country, process] = key.split('\u0000') as [string, ProcessBucket]
    const produced = count(rs, (r) => r.someDataProduced)
    return {
      country,
      countryName: options.countryName(country),
      process,
      requests: mask(rs.length),
      accountsSpecified: mask(rs.reduce((n, r) => n + r.accountsSpecified, 0)),
      requestsSomeDataProduced: mask(produced),
      pctSomeDataProduced: process === 'Preservation Requests' ? null : pct(produced, rs.length),
      requestsRejected: mask(count(rs, (r) => r.rejected)),
      requestsNoDataFound: mask(count(rs, (r) => r.noDataFound)),
      contentDisclosed: mask(count(rs, (r) => r.contentDisclosed)),
      nonContentDisclosed: mask(count(rs, (r) => r.nonContentDisclosed)),
      withNondisclosureOrder: mask(count(rs, (r) => r.withNondisclosureOrder)),
      usersNotified: mask(rs.reduce((n, r) => n + r.usersNotified, 0)),
      byProcess: [...new Set(rs.map((r) => r.process))].sort().map((process) => {
        const of = rs.filter((r) => r.process === process)
        return {
          process,
          requests: mask(of.length),
          accountsSpecified: mask(of.reduce((n, r) => n + r.accountsSpecified, 0)),
          requestsSomeDataProduced: mask(count(of, (r) => r.someDataProduced)),
        }
      }),
    }
  })
  rows.sort((a, b) => a.countryName.localeCompare(b.countryName, 'en') || a.process.localeCompare(b.process, 'en'))

  const preservationByCountry = new Map<string, TransparencyRecord[]>()
  for (const r of counted.filter((r) => isPreservation(r.process))) {
    const group = preservationByCountry.get(r.country)
    if (group) group.push(r)
    else preservationByCountry.set(r.country, [r])
  }
  const us = counted.filter((r) => r.country === 'US')
  const nsls = count(counted, (r) => r.process === 'nsl')
  const band = Math.floor(nsls / 250) * 250
  const fraud = count(inPeriod, (r) => r.suspectedFraud)
  return {
    period,
    periodEnding: to,
    public: options.public,
    rows,
    preservation: [...preservationByCountry.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([country, rs]) => ({
        country,
        requests: mask(count(rs, (r) => r.process === 'preservation')),
        extensions: mask(count(rs, (r) => r.process === 'preservation_extension')),
        accountsPreserved: mask(rs.reduce((n, r) => n + (r.rejected || r.noDataFound ? 0 : r.accountsSpecified), 0)),
      })),
    nationalSecurityLetters: `${band}-${band + 249}`,
    usNondisclosurePct:
      us.length === 0
        ? null
        : pct(
            count(us, (r) => r.withNondisclosureOrder),
            us.length,
          ),
    ...(options.public && !options.publishFraudulent ? {} : { suspectedFraudulent: mask(fraud) }),
    duplicatesExcluded: count(inPeriod, (r) => r.duplicateOf !== null),
  }
}

/**
 * A country's English name as CLDR gives it (the Google CSV's names are CLDR's of 2018; a few
 * have been renamed since, e.g. MK "North Macedonia").
 */
export function cldrCountryName(code: string): string {
  return regionNames.of(code) ?? code
}
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })

/**
 * The report as the rows of Google's transparency CSV, header first: exactly its seven
 * columns, so analyses written for Google's file read vigil's unchanged. Storage's `toCsv`
 * writes them.
 */
export function transparencyCsvRows(report: TransparencyReport): (string | number | null)[][] {
  return [
    [...TRANSPARENCY_CSV_COLUMNS],
    ...report.rows.map((r) => [
      report.periodEnding,
      r.countryName,
      r.country,
      r.process,
      r.requests,
      r.pctSomeDataProduced,
      r.accountsSpecified,
    ]),
  ]
}
