import type { FormEvent } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDate, formatDateTime } from '../../../lib/format-date.js'
import { useCreateToken, useRevokeToken, useTokens } from '../api/admin.js'

/** The caller's API tokens; a new token's secret is shown once, never again. */
export function TokensPanel() {
  const tokens = useTokens()
  const create = useCreateToken()
  const revoke = useRevokeToken()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const days = Number(form.get('days'))
    create.mutate({ name: String(form.get('name')), ...(days > 0 ? { expiresInDays: days } : {}) })
  }
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      {create.isSuccess && (
        <div className="notice" role="status">
          <p>Copy this token now: it is shown only once.</p>
          <code data-testid="new-token">{create.data.secret}</code>
        </div>
      )}
      <QueryState query={tokens} isEmpty={(d) => d.length === 0} empty="No tokens yet.">
        {(list) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.expiresAt ? formatDate(t.expiresAt) : 'never'}</td>
                  <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
                  <td>
                    {t.revokedAt ? (
                      'revoked'
                    ) : (
                      <button type="button" className="secondary" onClick={() => revoke.mutate(t.id)}>
                        Revoke {t.name}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
      <form onSubmit={submit} aria-label="New API token">
        <label htmlFor="token-name">Name</label>
        <input id="token-name" name="name" required maxLength={100} defaultValue="taxii" />
        <label htmlFor="token-days">Expires after (days, 0 for never)</label>
        <input id="token-days" name="days" type="number" min={0} max={3650} defaultValue={90} />
        <button type="submit">Create token</button>
      </form>
    </section>
  )
}
