import { readFileSync } from 'node:fs'
import type { LegalProcess, TransparencyRecord, TransparencyReport } from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildTransparencyReport, cldrCountryName, periodBounds, transparencyCsvRows } from './transparency-report.js'

const OPTIONS = { public: false, publishFraudulent: true, countryName: cldrCountryName }

function record(overrides: Partial<TransparencyRecord> & { requestId: string }): TransparencyRecord {
  return {
    receivedOn: '2026-02-01',
    country: 'US',
    process: 'subpoena',
    accountsSpecified: 1,
    someDataProduced: true,
    rejected: false,
    noDataFound: false,
    contentDisclosed: false,
    nonContentDisclosed: true,
    withNondisclosureOrder: false,
    usersNotified: 1,
    duplicateOf: null,
    suspectedFraud: false,
    ...overrides,
  }
}

// The Google CSV's process column back to a vigil process, to generate matching requests.
const PROCESS_OF: Record<string, (country: string) => LegalProcess> = {
  Subpoenas: () => 'subpoena',
  'Search Warrants': () => 'search_warrant',
  'Other Court Orders': () => 'court_order_2703d',
  'Pen Register Orders': () => 'pen_register',
  'Wiretap Orders': () => 'wiretap',
  'Emergency Disclosure Requests': () => 'emergency',
  'Preservation Requests': () => 'preservation',
  'Other Legal Requests': () => 'foreign_request',
}

describeWithShared('transparency report rebuilds Google 2018-H1', 'data/transparency/google-user-data-requests.csv', (path) => {
  // Read when the suite runs, not when it is collected: a skipped suite has no file.
  type Row = { country: string | undefined; code: string; process: string; requests: number; pct: string | undefined; accounts: number }
  let lines: string[] = []
  let source: Row[] = []
  let report: TransparencyReport
  beforeAll(() => {
    lines = readFileSync(path, 'utf8').trim().split('\n')
    source = lines
      .slice(1)
      .filter((l) => l.startsWith('2018-06-30,'))
      .map((l) => {
        const [, country, code, process, requests, pct, accounts] = l.split(',') as string[]
        return { country, code: code as string, process: process as string, requests: Number(requests), pct, accounts: Number(accounts) }
      })

    // One generated request per request Google counted: the share producing data and the accounts
    // specified spread to match the row; plus duplicates and fraud the report must leave out.
    const records: TransparencyRecord[] = source.flatMap((row, i) => {
      const produced = row.pct === '' ? 0 : Math.round((Number(row.pct) * row.requests) / 100)
      return Array.from({ length: row.requests }, (_, j) =>
        record({
          requestId: `${i}-${j}`,
          receivedOn: j % 2 === 0 ? '2018-01-01' : '2018-06-30',
          country: row.code,
          process: (PROCESS_OF[row.process] as (c: string) => LegalProcess)(row.code),
          accountsSpecified: Math.floor(row.accounts / row.requests) + (j < row.accounts % row.requests ? 1 : 0),
          someDataProduced: j < produced,
        }),
      )
    })
    const noise = [
      record({ requestId: 'dup', receivedOn: '2018-03-01', duplicateOf: '0-0', accountsSpecified: 50 }),
      record({ requestId: 'fraud', receivedOn: '2018-03-01', suspectedFraud: true }),
      record({ requestId: 'late', receivedOn: '2018-07-01' }),
    ]
    report = buildTransparencyReport([...records, ...noise], '2018-H1', OPTIONS)
  })

  it('reproduces every one of the 166 rows: requests, percentage, accounts', () => {
    expect(source.length).toBe(166)
    expect(report.rows).toHaveLength(source.length)
    for (const row of source) {
      const got = report.rows.find((r) => r.country === row.code && r.process === row.process)
      expect(got, `${row.code} ${row.process}`).toBeDefined()
      expect([got?.requests, got?.pctSomeDataProduced ?? '', got?.accountsSpecified]).toEqual([
        row.requests,
        row.pct === '' ? '' : Number(row.pct),
        row.accounts,
      ])
    }
    expect(report.duplicatesExcluded).toBe(1)
    expect(report.suspectedFraudulent).toBe(1)
  })

  it('gives the CSV rows with exactly Google’s columns, and the US rows cell for cell', () => {
    // The US rows hold no comma or quote, so joining the cells gives Google's lines.
    const csv = transparencyCsvRows(report).map((r) => r.map((c) => c ?? '').join(','))
    expect(csv[0]).toBe(lines[0])
    const usSource = source.filter((r) => r.code === 'US').length
    const usLines = lines.filter((l) => l.startsWith('2018-06-30,United States,'))
    expect(usLines).toHaveLength(usSource)
    for (const l of usLines) expect(csv).toContain(l)
    expect(csv).toContain('2018-06-30,United States,US,Subpoenas,11223,80,32766')
  })
})

describe('transparency report rules', () => {
  it('masks counts from 1 to 9 in the public report, never 0 or 10', () => {
    const rs = Array.from({ length: 10 }, (_, i) =>
      record({ requestId: `r${i}`, someDataProduced: i < 3, withNondisclosureOrder: i === 0 }),
    )
    const pub = buildTransparencyReport(rs, '2026-H1', { ...OPTIONS, public: true })
    expect(pub.rows[0]).toMatchObject({ requests: 10, requestsSomeDataProduced: '<10', pctSomeDataProduced: 30, requestsRejected: 0 })
    expect(pub.usNondisclosurePct).toBe(10)
    const full = buildTransparencyReport(rs, '2026-H1', OPTIONS)
    expect(full.rows[0]?.requestsSomeDataProduced).toBe(3)
  })

  it('counts a duplicate once and leaves fraud out of the public report when the instance says so (§7 Q6)', () => {
    const rs = [record({ requestId: 'a' }), record({ requestId: 'b', duplicateOf: 'a' }), record({ requestId: 'f', suspectedFraud: true })]
    const r = buildTransparencyReport(rs, '2026-H1', { ...OPTIONS, public: true, publishFraudulent: false })
    expect(r.rows[0]?.requests).toBe('<10')
    expect(buildTransparencyReport(rs, '2026-H1', OPTIONS).rows[0]?.requests).toBe(1)
    expect(r.suspectedFraudulent).toBeUndefined()
    expect(r.duplicatesExcluded).toBe(1)
  })

  it('reports NSLs in bands only, and preservation with its extensions', () => {
    const rs = [
      ...Array.from({ length: 260 }, (_, i) => record({ requestId: `n${i}`, process: 'nsl' })),
      record({ requestId: 'p', process: 'preservation', accountsSpecified: 3, someDataProduced: false }),
      record({ requestId: 'x', process: 'preservation_extension', accountsSpecified: 3, someDataProduced: false }),
    ]
    const r = buildTransparencyReport(rs, '2026-H1', OPTIONS)
    expect(r.nationalSecurityLetters).toBe('250-499')
    expect(r.rows.map((row) => row.process)).toEqual(['Preservation Requests'])
    expect(r.rows[0]?.pctSomeDataProduced).toBeNull()
    expect(r.preservation).toEqual([{ country: 'US', requests: 1, extensions: 1, accountsPreserved: 6 }])
  })

  it('knows the bounds of a half-year', () => {
    expect(periodBounds('2026-H2')).toEqual({ from: '2026-07-01', to: '2026-12-31' })
  })
})

describe('§5 the JSON report keeps the processes apart that the CSV merges', () => {
  const records = [
    record({ requestId: 'd1', process: 'court_order_2703d', accountsSpecified: 2 }),
    record({ requestId: 'd2', process: 'court_order_2703d', someDataProduced: false }),
    record({ requestId: 'o1', process: 'foreign_request' }),
    record({ requestId: 'c1', country: 'GB', process: 'cloud_act_order', accountsSpecified: 3 }),
    record({ requestId: 'f1', country: 'GB', process: 'foreign_request' }),
    record({ requestId: 'f2', country: 'GB', process: 'foreign_request', someDataProduced: false }),
  ]
  const report = buildTransparencyReport(records, '2026-H1', OPTIONS)

  it('§5: 2703(d) orders apart from other court orders, CLOUD Act orders apart from other foreign requests', () => {
    const row = (country: string) => report.rows.find((r) => r.country === country)
    expect(row('US')).toMatchObject({ process: 'Other Court Orders', requests: 3, accountsSpecified: 4 })
    expect(row('US')?.byProcess).toEqual([
      { process: 'court_order_2703d', requests: 2, accountsSpecified: 3, requestsSomeDataProduced: 1 },
      { process: 'foreign_request', requests: 1, accountsSpecified: 1, requestsSomeDataProduced: 1 },
    ])
    expect(row('GB')).toMatchObject({ process: 'Other Legal Requests', requests: 3, accountsSpecified: 5 })
    expect(row('GB')?.byProcess).toEqual([
      { process: 'cloud_act_order', requests: 1, accountsSpecified: 3, requestsSomeDataProduced: 1 },
      { process: 'foreign_request', requests: 2, accountsSpecified: 2, requestsSomeDataProduced: 1 },
    ])
  })

  it('§5: the CSV keeps Google’s columns and one line per bucket', () => {
    expect(transparencyCsvRows(report).map((r) => r.join(','))).toEqual([
      'Period Ending,Country,CLDR Territory Code,Legal Process,User Data Requests,Percentage of requests where some data produced,Users/Accounts Specified',
      '2026-06-30,United Kingdom,GB,Other Legal Requests,3,67,5',
      '2026-06-30,United States,US,Other Court Orders,3,67,4',
    ])
  })
})
