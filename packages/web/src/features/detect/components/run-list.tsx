import { Link } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useRuns } from '../api/detect.js'
import { formatInstant } from './format.js'
import { RunStatus } from './run-status.js'

/** The organisation's runs, newest first, each with its status and what it found. */
export function RunList() {
  const runs = useRuns()
  return (
    <section aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      <QueryState query={runs} isEmpty={(d) => d.runs.length === 0} empty="No run yet: start one below.">
        {(data) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Dumps</th>
                <th scope="col">By</th>
                <th scope="col">Status</th>
                <th scope="col">Networks</th>
              </tr>
            </thead>
            <tbody>
              {data.runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <Link to={`/detect/runs/${run.id}`}>{formatInstant(run.createdAt)}</Link>
                  </td>
                  <td>{run.files.map((f) => f.name).join(', ')}</td>
                  <td>{run.createdBy}</td>
                  <td>
                    <RunStatus run={run} />
                  </td>
                  <td>{run.summary?.networks ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
    </section>
  )
}
