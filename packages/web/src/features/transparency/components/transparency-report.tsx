import { type FormEvent, useState } from 'react'
import { ScrollTable } from '../../../components/scroll-table.js'
import { transparencyCsvUrl, useTransparencyReport } from '../api/transparency.js'
import { ReportChart } from './report-chart.js'

function currentHalf(now = new Date()): string {
  return `${now.getUTCFullYear()}-H${now.getUTCMonth() < 6 ? 1 : 2}`
}

/** The public transparency report of a chosen half-year: chart, table and CSV download. */
export function TransparencyReportView() {
  const [period, setPeriod] = useState(currentHalf())
  const report = useTransparencyReport(period)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setPeriod(String(new FormData(event.currentTarget).get('period')).trim())
  }
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label="Choose a period">
        <div>
          <label htmlFor="period">Half-year</label>
          <input id="period" name="period" defaultValue={period} pattern="\d{4}-H[12]" title="e.g. 2026-H1" required />
        </div>
        <button type="submit">Show</button>
      </form>
      {report.isPending && <p role="status">Loading…</p>}
      {report.isError && <p role="alert">No published report for {period}.</p>}
      {report.isSuccess && (
        <section aria-labelledby="report-title">
          <h2 id="report-title">
            {report.data.period} (ending {report.data.periodEnding})
          </h2>
          <p>
            <a href={transparencyCsvUrl(period)} download>
              Download CSV
            </a>{' '}
            · Counts from 1 to 9 are published as “&lt;10”. Duplicates left out: {report.data.duplicatesExcluded}. US requests with a
            non-disclosure order: {report.data.usNondisclosurePct === null ? '—' : `${report.data.usNondisclosurePct}%`}.
          </p>
          {report.data.rows.length === 0 ? (
            <p className="empty">No requests were received in this period.</p>
          ) : (
            <>
              <ReportChart report={report.data} />
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
                  {report.data.rows.map((r) => (
                    <tr key={`${r.country}/${r.process}`}>
                      <td>{r.countryName}</td>
                      <td>{r.process}</td>
                      <td>{r.requests}</td>
                      <td>{r.accountsSpecified}</td>
                      <td>{r.pctSomeDataProduced === null ? '—' : `${r.pctSomeDataProduced}%`}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            </>
          )}
        </section>
      )}
    </>
  )
}
