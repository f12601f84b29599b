import { QueryState } from '../../../components/query-state.js'
import { useHealth } from '../api/get-health.js'

/** The server's version, database and migration state. */
export function ServerStatus() {
  const query = useHealth()
  return (
    <section aria-labelledby="server-status">
      <h2 id="server-status">Server</h2>
      <QueryState query={query}>
        {({ health, readiness }) => (
          <dl className="facts">
            <dt>Status</dt>
            <dd>{readiness.status === 'ready' ? 'Ready' : 'Not ready'}</dd>
            <dt>Version</dt>
            <dd>{health.version}</dd>
            <dt>Database</dt>
            <dd>{readiness.database === 'pglite' ? 'Embedded PostgreSQL (PGlite)' : 'PostgreSQL server'}</dd>
            <dt>Migrations</dt>
            <dd>
              {readiness.migrations.applied} applied, {readiness.migrations.pending} pending
            </dd>
          </dl>
        )}
      </QueryState>
    </section>
  )
}
