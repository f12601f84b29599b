import { Link } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { useAudit, useVerifyAudit } from '../api/admin.js'
import { AuditTable } from './audit-table.js'

/** The newest audit entries the caller may read, a link to the whole log, and (for instance admins) chain verification. */
export function AuditPanel({ canVerify }: { readonly canVerify: boolean }) {
  const audit = useAudit(true, {}, 10)
  const verify = useVerifyAudit()
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <p>
        <Link to="/admin/audit">Search the whole audit log</Link> by action, actor and date.
      </p>
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
        {(page) => <AuditTable entries={page.entries} />}
      </QueryState>
    </section>
  )
}
