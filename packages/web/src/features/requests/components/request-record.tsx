import type { AuditEntry } from '@vigil/contracts'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDateTime } from '../../../lib/format-date.js'
import { useRequestRecord } from '../api/requests.js'

const DOWNLOAD = 'requests.package.download'
const minute = (iso: string) => formatDateTime(iso)

function eventText(e: AuditEntry): string {
  if (e.action === 'requests.transition') return `${e.details.from} → ${e.details.to}`
  if (e.action === 'requests.package.create') return 'disclosure package created'
  return e.action.replace(/^requests\./, '').replaceAll('.', ' ')
}

/** The reviewers' record of a request: its packages, who downloaded them (or tried), and every audited step. */
export function RequestRecordPanel({ id }: { readonly id: string }) {
  const record = useRequestRecord(id)
  return (
    <QueryState query={record}>
      {(r) => {
        const downloads = r.events.filter((e) => e.action === DOWNLOAD)
        return (
          <>
            <section aria-labelledby="downloads-title">
              <h2 id="downloads-title">Disclosure packages and download log</h2>
              {r.packages.length === 0 ? (
                <p>No package has been created.</p>
              ) : (
                <ul>
                  {r.packages.map((p) => (
                    <li key={p.id}>
                      SHA-256 <code>{p.sha256.slice(0, 16)}…</code>, created {minute(p.createdAt)}, link valid until {minute(p.expiresAt)}
                      {p.purgedAt ? `, purged ${minute(p.purgedAt)}` : ''}
                    </li>
                  ))}
                </ul>
              )}
              {downloads.length === 0 ? (
                <p>Nobody has downloaded a package yet.</p>
              ) : (
                <ScrollTable aria-label="Download log">
                  <thead>
                    <tr>
                      <th scope="col">When (UTC)</th>
                      <th scope="col">Who</th>
                      <th scope="col">Outcome</th>
                    </tr>
                  </thead>
                  <tbody>
                    {downloads.map((e) => (
                      <tr key={e.seq}>
                        <td>{minute(e.at)}</td>
                        <td>{e.actor}</td>
                        <td data-testid="download-outcome">
                          {e.outcome}
                          {typeof e.details.reason === 'string' ? ` (${e.details.reason})` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </ScrollTable>
              )}
            </section>
            <section aria-labelledby="history-title">
              <h2 id="history-title">History</h2>
              <ol>
                {r.events
                  .filter((e) => e.action !== DOWNLOAD)
                  .map((e) => (
                    <li key={e.seq}>
                      {minute(e.at)} {eventText(e)} ({e.outcome}) by {e.actor}
                      {typeof e.details.note === 'string' && e.details.note ? `: ${e.details.note}` : ''}
                    </li>
                  ))}
              </ol>
            </section>
          </>
        )
      }}
    </QueryState>
  )
}
