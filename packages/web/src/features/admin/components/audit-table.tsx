import type { AuditEntry } from '@vigil/contracts'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDateTime } from '../../../lib/format-date.js'

/** Who acted, by name where the actor is a user (its id in a tooltip), else the system actor's id. */
function Actor({ entry }: { readonly entry: AuditEntry }) {
  if (!entry.actorName) return <>{entry.actor}</>
  return (
    <span title={entry.actor}>
      {entry.actorName}
      {entry.actorOrg && <span className="muted"> · {entry.actorOrg}</span>}
    </span>
  )
}

/** Audit entries as given (the API sends them newest first), with the actors' names. */
export function AuditTable({ entries }: { readonly entries: readonly AuditEntry[] }) {
  return (
    <ScrollTable aria-label="Audit log">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq}>
            <td>{e.seq}</td>
            <td>{formatDateTime(e.at, { seconds: true })}</td>
            <td>
              <Actor entry={e} />
            </td>
            <td>{e.action}</td>
            <td>{e.targetType ? `${e.targetType}:${e.targetId ?? ''}` : '—'}</td>
            <td>{e.outcome}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  )
}
