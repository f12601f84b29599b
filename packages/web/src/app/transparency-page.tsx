import { TransparencyReportView } from '../features/transparency/components/transparency-report.js'

export function TransparencyPage() {
  return (
    <>
      <h1>Transparency report</h1>
      <p className="lead">Government requests for user data, per country and legal process, as this instance publishes them.</p>
      <TransparencyReportView />
    </>
  )
}
