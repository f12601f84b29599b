import type { ObjectEntry } from '@vigil/contracts'
import { useState } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDate } from '../../../lib/format-date.js'
import { useCorrelations, useDismissCorrelation, useObjectsById } from '../api/exchange.js'
import { countObservables, describeContainer, groupNotices, type InboxThread } from './inbox-threads.js'
import { ObjectRef } from './object-ref.js'

/**
 * What other organisations shared that matches what the caller's organisation shared: one
 * line per pair of containers ("Example Lab’s report “Amplifiers” shares 2 accounts with
 * your network n25, on 2026-12-01"), each with a side-by-side comparison of the objects.
 * `orgName` names an organisation by its id.
 */
export function CorrelationInbox({ myOrgId, orgName }: { readonly myOrgId: string; readonly orgName: (id: string) => string | undefined }) {
  const correlations = useCorrelations()
  const dismiss = useDismissCorrelation()
  const objects = useObjectsById([...new Set(correlations.data?.notices.flatMap((n) => n.objects) ?? [])].sort())
  const entryOf = (id: string) => objects.data?.objects.find((e) => e.object.id === id)
  return (
    <section aria-labelledby="corr-title">
      <h2 id="corr-title">Correlation inbox</h2>
      <QueryState query={correlations} isEmpty={(d) => d.notices.length === 0} empty="No correlations with other organisations yet.">
        {(d) => (
          <ul className="notices">
            {groupNotices(d.notices, d.containers, entryOf, myOrgId).map((t) => (
              <Thread
                key={t.key}
                thread={t}
                other={t.otherOrg ? (orgName(t.otherOrg) ?? 'Another organisation') : 'Another organisation'}
                entryOf={entryOf}
                onDismiss={() => {
                  for (const id of t.noticeIds) dismiss.mutate(id)
                }}
              />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  )
}

function Thread({
  thread,
  other,
  entryOf,
  onDismiss,
}: {
  readonly thread: InboxThread
  readonly other: string
  readonly entryOf: (id: string) => ObjectEntry | undefined
  readonly onDismiss: () => void
}) {
  const [comparing, setComparing] = useState(false)
  return (
    <li>
      <p>
        <strong>{other}</strong>’s {describeContainer(thread.theirs)} shares {countObservables(thread.observables)} with your{' '}
        {describeContainer(thread.mine)}, on {thread.day}: {thread.observables.map((o) => o.value).join(', ')}.
      </p>
      <p className="actions">
        <button type="button" className="secondary" aria-expanded={comparing} onClick={() => setComparing(!comparing)}>
          {comparing ? 'Hide the comparison' : `Compare with ${other}`}
        </button>{' '}
        <button type="button" className="secondary" onClick={onDismiss}>
          Dismiss
        </button>
      </p>
      {comparing && (
        <ScrollTable>
          <caption>Your objects beside {other}’s</caption>
          <thead>
            <tr>
              <th scope="col">Yours</th>
              <th scope="col">{other}’s</th>
              <th scope="col">Their type</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {thread.pairs.map((p) => (
              <tr key={`${p.mine}\n${p.theirs}`}>
                <td>
                  <ObjectRef id={p.mine} entry={entryOf(p.mine)} />
                </td>
                <td>
                  <ObjectRef id={p.theirs} entry={entryOf(p.theirs)} />
                </td>
                <td>{String(entryOf(p.theirs)?.object.type ?? '—')}</td>
                <td>{entryOf(p.theirs)?.dateAdded ? formatDate(entryOf(p.theirs)?.dateAdded ?? '') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </li>
  )
}
