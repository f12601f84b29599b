import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { useAudit } from '../features/admin/api/admin.js'
import { useSession } from '../features/auth/api/session.js'
import { isActive, useRunNetworks, useRuns } from '../features/detect/api/detect.js'
import { useCorrelations } from '../features/exchange/api/exchange.js'
import { ServerStatus } from '../features/health/components/server-status.js'
import { useRequests } from '../features/requests/api/requests.js'
import { slaText } from '../features/requests/components/request-list.js'

/** The signed-in user's work first, each part only for the roles that do it; then the server's state. */
export function OverviewPage() {
  const permissions = useSession().data?.permissions ?? []
  const has = (p: string) => permissions.includes(p)
  return (
    <>
      <h1>Overview</h1>
      <p className="lead">Detect coordinated inauthentic behaviour, share what you find under TLP, and answer lawful requests for data.</p>
      <section aria-labelledby="work-title">
        <h2 id="work-title">Your work</h2>
        <div className="work-cards">
          {has('detect:read') && <DetectWork />}
          {has('exchange:read') && <CorrelationWork />}
          {(has('requests:submit') || has('requests:review')) && <RequestWork />}
          {has('audit:read') && <AuditWork />}
        </div>
      </section>
      <ServerStatus />
    </>
  )
}

function WorkCard({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  )
}

function DetectWork() {
  const runs = useRuns()
  const all = runs.data?.runs ?? []
  const active = all.filter(isActive)
  const latest = all.find((r) => r.status === 'completed')
  const networks = useRunNetworks(latest?.id ?? '', latest !== undefined)
  const untriaged = (networks.data?.networks ?? []).filter((n) => !n.triage)
  return (
    <WorkCard title="Detection">
      {runs.isPending ? (
        <p role="status">Loading…</p>
      ) : (
        <ul>
          <li>
            {active.length === 0 ? 'No run in progress' : `${active.length} ${active.length === 1 ? 'run' : 'runs'} in progress`}
            {active[0] && (
              <>
                {' '}
                (<Link to={`/detect/runs/${active[0].id}`}>{active[0].stage}</Link>)
              </>
            )}
          </li>
          <li>
            {latest ? (
              <Link to={`/detect/runs/${latest.id}`}>
                {untriaged.length} {untriaged.length === 1 ? 'network' : 'networks'} to triage in the latest run
              </Link>
            ) : (
              'No completed run yet'
            )}
          </li>
        </ul>
      )}
    </WorkCard>
  )
}

function CorrelationWork() {
  const notices = useCorrelations()
  const open = notices.data?.notices.length ?? 0
  return (
    <WorkCard title="Correlation notices">
      {notices.isPending ? (
        <p role="status">Loading…</p>
      ) : (
        <p>
          <Link to="/exchange">
            {open === 0 ? 'No new notice' : `${open} new ${open === 1 ? 'notice' : 'notices'}`} of others sharing what you shared
          </Link>
        </p>
      )}
    </WorkCard>
  )
}

function RequestWork() {
  const requests = useRequests()
  const open = (requests.data?.requests ?? [])
    // The server sets an SLA clock only on requests waiting for the platform.
    .filter((r) => r.slaDueAt !== null)
    .sort((a, b) => (a.slaDueAt ?? '').localeCompare(b.slaDueAt ?? ''))
  return (
    <WorkCard title="Requests due">
      {requests.isPending ? (
        <p role="status">Loading…</p>
      ) : open.length === 0 ? (
        <p>No open request with an SLA clock running.</p>
      ) : (
        <ul>
          {open.slice(0, 5).map((r) => (
            <li key={r.id}>
              <Link to={`/requests/${r.id}`}>{r.request.caseNumber ?? r.id.slice(0, 8)}</Link> {r.state.replaceAll('_', ' ')},{' '}
              {slaText(r.slaDueAt)}
            </li>
          ))}
        </ul>
      )}
    </WorkCard>
  )
}

function AuditWork() {
  const audit = useAudit(true)
  const failures = (audit.data?.entries ?? []).filter((e) => e.outcome !== 'success').length
  return (
    <WorkCard title="Audit log">
      {audit.isPending ? (
        <p role="status">Loading…</p>
      ) : audit.isError ? (
        <p>Could not load the audit log: {audit.error.message}</p>
      ) : (
        <p>
          <Link to="/admin/audit">
            {failures === 0
              ? 'No failed or denied act among the latest entries'
              : `${failures} failed or denied ${failures === 1 ? 'act' : 'acts'} among the latest entries`}
          </Link>
        </p>
      )}
    </WorkCard>
  )
}
