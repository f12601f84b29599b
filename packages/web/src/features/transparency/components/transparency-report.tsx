import { Link, useSearchParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { transparencyCsvUrl, usePublishedPeriods, useTransparencyReport } from '../api/transparency.js'
import { maskedText } from './masked-count.js'
import { ReportChart } from './report-chart.js'

/** The public transparency report: the published half-years as links, then the chosen one's chart, table and CSV. */
export function TransparencyReportView() {
  const periods = usePublishedPeriods()
  const [params] = useSearchParams()
  return (
    <QueryState query={periods} isEmpty={(d) => d.periods.length === 0} empty="No transparency report has been published yet.">
      {({ periods: published }) => {
        const period = params.get('period') ?? published[0] ?? ''
        return (
          <>
            <nav aria-label="Published periods" className="period-list">
              <ul>
                {published.map((p) => (
                  <li key={p}>
                    <Link to={`?period=${encodeURIComponent(p)}`} aria-current={p === period ? 'page' : undefined}>
                      {p}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <PeriodReport period={period} />
          </>
        )
      }}
    </QueryState>
  )
}

function PeriodReport({ period }: { readonly period: string }) {
  const report = useTransparencyReport(period)
  if (report.isPending) return <p role="status">Loading…</p>
  if (report.isError) return <p role="alert">No published report for {period}.</p>
  const data = report.data
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">
        {data.period} (ending {data.periodEnding})
      </h2>
      <p>
        <a href={transparencyCsvUrl(period)} download>
          Download CSV
        </a>{' '}
        · Counts from 1 to 9 are published masked, shown here as “1–9”. Duplicates left out: {data.duplicatesExcluded}. US requests with a
        non-disclosure order: {data.usNondisclosurePct === null ? '—' : `${data.usNondisclosurePct}%`}.
      </p>
      {data.rows.length === 0 ? (
        <p className="empty">No requests were received in this period.</p>
      ) : (
        <>
          <ReportChart report={data} />
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Legal process</th>
                <th scope="col">Requests</th>
                <th scope="col">Accounts specified</th>
                <th scope="col">Some data produced</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={`${r.country}/${r.process}`}>
                  <td>{r.countryName}</td>
                  <td>{r.process}</td>
                  <td data-testid="masked-requests">{maskedText(r.requests)}</td>
                  <td>{maskedText(r.accountsSpecified)}</td>
                  <td>{r.pctSomeDataProduced === null ? '—' : `${r.pctSomeDataProduced}%`}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </>
      )}
    </section>
  )
}
