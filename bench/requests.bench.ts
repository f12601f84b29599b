// The data-request portal's pure work: the assessment of one request (all gates, with an open-request
// list and a directory of realistic size) and the transparency report over a large half-year.
import { AssessmentContext, AssessmentSettings, type DataRequestInput, type TransparencyRecord } from '@vigil/contracts'
import { assessRequest, buildTransparencyReport, cldrCountryName, transparencyCsvRows } from '@vigil/core'
import { toCsv } from '@vigil/storage'

function time(label: string, runs: number, f: () => unknown): void {
  f()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < runs; i++) f()
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  console.log(`${label}: ${runs} runs in ${ms.toFixed(0)} ms, ${((ms * 1000) / runs).toFixed(1)} µs each`)
}

const request: DataRequestInput = {
  process: 'subpoena',
  subpoenaKind: 'criminal',
  agency: { name: 'Agency 500', country: 'US' },
  official: { name: 'A', email: 'a@agency500.gov', phone: '+1 202 555 0100' },
  caseNumber: 'C-1',
  legalDocument: { sha256: 'a'.repeat(64), signed: true },
  targets: Array.from({ length: 20 }, (_, i) => ({ type: 'username' as const, value: `user${i}` })),
  categories: ['basic_subscriber_info', 'ip_logs', 'message_content'],
  dateRange: { from: '2026-01-01', to: '2026-02-01' },
}
const context = AssessmentContext.parse({
  requester: { email: 'a@agency500.gov', mfa: true, government: true },
  directory: Array.from({ length: 1000 }, (_, i) => ({
    agency: `Agency ${i}`,
    country: 'US',
    domains: [`agency${i}.gov`],
    callbackPhone: '+1 202 555 0000',
  })),
  openRequests: Array.from({ length: 1000 }, (_, i) => ({
    id: `r${i}`,
    agency: `Agency ${i % 1000}`,
    caseNumber: `C-${i}`,
    process: 'subpoena',
    targets: request.targets,
    categories: request.categories,
  })),
  resolvedTargets: request.targets.slice(0, 10),
})
const settings = AssessmentSettings.parse({})
time('assessRequest (1,000 agencies, 1,000 open requests, 20 targets)', 2000, () => assessRequest(request, context, settings, '2026-03-01'))

const countries = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'AU', 'CA', 'IT']
const processes = ['subpoena', 'search_warrant', 'court_order_2703d', 'emergency', 'preservation', 'foreign_request'] as const
const records: TransparencyRecord[] = Array.from({ length: 200_000 }, (_, i) => ({
  requestId: `${i}`,
  receivedOn: `2026-0${(i % 6) + 1}-15`,
  country: countries[i % countries.length] as string,
  process: processes[i % processes.length] as (typeof processes)[number],
  accountsSpecified: (i % 5) + 1,
  someDataProduced: i % 3 !== 0,
  rejected: i % 7 === 0,
  noDataFound: i % 11 === 0,
  contentDisclosed: i % 4 === 0,
  nonContentDisclosed: i % 3 !== 0,
  withNondisclosureOrder: i % 2 === 0,
  usersNotified: i % 2,
  duplicateOf: i % 97 === 0 ? '0' : null,
  suspectedFraud: i % 1000 === 0,
}))
time('buildTransparencyReport + CSV (200,000 requests)', 5, () =>
  toCsv(
    transparencyCsvRows(
      buildTransparencyReport(records, '2026-H1', { public: true, publishFraudulent: true, countryName: cldrCountryName }),
    ),
  ),
)
