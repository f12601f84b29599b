import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useAudit, useVerifyAudit } from '../api/admin.js'

/** The newest audit entries the caller may read, and (for instance admins) chain verification. */
export function AuditPanel({ canVerify }: { readonly canVerify: boolean }) {
  const audit = useAudit(true)
  const verify = useVerifyAudit()
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      {canVerify && (
        <p>
          <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
            Verify chain
          </button>{' '}
          <span role="status">
            {verify.isSuccess &&
              (verify.data.ok
                ? `Intact: ${verify.data.entries} entries${verify.data.checkpoint ? `, checkpoint at #${verify.data.checkpoint.seq}` : ''}.`
                : `Broken at entry #${verify.data.seq}: ${verify.data.message}`)}
            {verify.isError && `Could not verify: ${verify.error.message}`}
          </span>
        </p>
      )}
      <QueryState query={audit} isEmpty={(d) => d.entries.length === 0}>
        {(page) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>{e.targetType ? `${e.targetType}:${e.targetId ?? ''}` : '—'}</td>
                  <td>{e.outcome}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
    </section>
  )
}
