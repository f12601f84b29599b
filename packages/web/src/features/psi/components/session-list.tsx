import type { PsiSession } from '@vigil/contracts'
import { Link } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDateTime } from '../../../lib/format-date.js'
import { useSession } from '../../auth/api/session.js'
import { useOrgs, usePsiSessions } from '../api/psi.js'

const when = (iso: string) => formatDateTime(iso)

function Table({ title, sessions, peerOf }: { title: string; sessions: readonly PsiSession[]; peerOf: (s: PsiSession) => string }) {
  const orgs = useOrgs().data ?? []
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id.slice(0, 8)
  const id = `psi-${title.toLowerCase()}-title`
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {sessions.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <ScrollTable>
          <thead>
            <tr>
              <th scope="col">Purpose</th>
              <th scope="col">With</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/psi/sessions/${s.id}`}>{s.purpose}</Link>
                </td>
                <td>{name(peerOf(s))}</td>
                <td>{s.kind}</td>
                <td>{s.status}</td>
                <td>{when(s.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </section>
  )
}

/** The organisation's sessions: those proposed to it (incoming) and those it proposed (outgoing). */
export function PsiSessionList() {
  const me = useSession().data
  const sessions = usePsiSessions()
  return (
    <QueryState query={sessions}>
      {({ sessions: all }) => (
        <>
          <Table title="Incoming" sessions={all.filter((s) => s.responderOrgId === me?.org.id)} peerOf={(s) => s.initiatorOrgId} />
          <Table title="Outgoing" sessions={all.filter((s) => s.initiatorOrgId === me?.org.id)} peerOf={(s) => s.responderOrgId} />
        </>
      )}
    </QueryState>
  )
}
