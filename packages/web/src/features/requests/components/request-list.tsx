import { legalProcessLabel } from '@vigil/contracts'
import { Link } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDateTime } from '../../../lib/format-date.js'
import { useRequests } from '../api/requests.js'

const OPEN = new Set(['submitted', 'in_review', 'needs_information'])

/** The SLA clock as a reviewer reads it: when it runs out, or that it has. */
export function slaText(dueAt: string | null, now = new Date()): string {
  if (!dueAt) return '—'
  const due = new Date(dueAt)
  return due <= now ? `overdue since ${formatDateTime(dueAt)}` : `due ${formatDateTime(dueAt)}`
}

/** The queue: emergencies first, then the oldest open request, then the rest. */
export function RequestList() {
  const requests = useRequests()
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">Requests</h2>
      <QueryState query={requests} isEmpty={(d) => d.requests.length === 0} empty="No requests yet.">
        {({ requests: list }) => {
          const rank = (r: (typeof list)[number]) =>
            r.request.process === 'emergency' && OPEN.has(r.state) ? 0 : OPEN.has(r.state) ? 1 : 2
          const sorted = [...list].sort((a, b) => rank(a) - rank(b) || a.receivedAt.localeCompare(b.receivedAt))
          return (
            <ScrollTable>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Process</th>
                  <th scope="col">Agency</th>
                  <th scope="col">State</th>
                  <th scope="col">Recommendation</th>
                  <th scope="col">Received</th>
                  <th scope="col">SLA clock (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.id} className={rank(r) === 0 ? 'urgent' : undefined}>
                    <td>
                      <Link to={`/requests/${r.id}`}>{r.request.caseNumber ?? r.id.slice(0, 8)}</Link>
                    </td>
                    <td>
                      {legalProcessLabel(r.request.process)}
                      {rank(r) === 0 && <strong> · emergency</strong>}
                    </td>
                    <td>
                      {r.request.agency.name ?? '—'} ({r.request.agency.country})
                    </td>
                    <td>{r.state.replaceAll('_', ' ')}</td>
                    <td>{r.assessment.outcome.replaceAll('_', ' ')}</td>
                    <td>{formatDateTime(r.receivedAt)}</td>
                    <td className={r.slaDueAt && new Date(r.slaDueAt) <= new Date() ? 'overdue' : undefined}>{slaText(r.slaDueAt)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )
        }}
      </QueryState>
    </section>
  )
}
