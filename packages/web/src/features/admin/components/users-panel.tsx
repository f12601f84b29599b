import { type Org, OrgId, Role } from '@vigil/contracts'
import type { FormEvent } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDateTime } from '../../../lib/format-date.js'
import { useCreateUser, useIssueLink, useSetUserStatus, useUsers } from '../api/admin.js'
import { StatusToggle } from './status-toggle.js'

/** Users and roles of the organisations the caller manages. */
export function UsersPanel({ orgs }: { readonly orgs: readonly Org[] }) {
  const users = useUsers(true)
  const create = useCreateUser()
  const setStatus = useSetUserStatus()
  const issueLink = useIssueLink()
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const password = String(form.get('password') ?? '')
    create.mutate(
      {
        orgId: OrgId.parse(form.get('orgId')),
        email: String(form.get('email')),
        roles: form.getAll('roles').map((r) => Role.parse(r)),
        ...(password ? { password } : {}),
      },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    )
  }
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {issueLink.isSuccess && (
        <div className="notice" role="status">
          <p>
            Send this {issueLink.variables.purpose === 'invitation' ? 'invitation' : 'password-reset'} link to the user yourself; it works
            once, until {formatDateTime(issueLink.data.expiresAt)}, and is not shown again.
          </p>
          <code data-testid="one-time-link">{issueLink.data.url}</code>
        </div>
      )}
      {issueLink.isError && <p role="alert">{issueLink.error.message}</p>}
      <QueryState query={users} isEmpty={(d) => d.length === 0}>
        {(list) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Organisation</th>
                <th scope="col">Roles</th>
                <th scope="col">2FA</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>{orgName(u.orgId)}</td>
                  <td>{u.roles.join(', ')}</td>
                  <td>{u.totpEnabled ? 'on' : 'off'}</td>
                  <td>{u.status}</td>
                  <td className="actions">
                    <StatusToggle status={u.status} name={u.email} onChange={(status) => setStatus.mutate({ id: u.id, status })} />
                    {u.status === 'active' && (
                      <>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => issueLink.mutate({ userId: u.id, purpose: 'invitation' })}
                        >
                          Invite {u.email}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => issueLink.mutate({ userId: u.id, purpose: 'password-reset' })}
                        >
                          Reset password of {u.email}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
      <form onSubmit={submit} aria-label="New user">
        <label htmlFor="user-org">Organisation</label>
        <select id="user-org" name="orgId">
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <label htmlFor="user-email">E-mail</label>
        <input id="user-email" name="email" type="email" required />
        <fieldset>
          <legend>Roles</legend>
          {Role.options.map((r) => (
            <label key={r} className="inline">
              <input type="checkbox" name="roles" value={r} /> {r}
            </label>
          ))}
        </fieldset>
        <label htmlFor="user-password">Initial password (at least 12 characters; leave empty to invite by link)</label>
        <input id="user-password" name="password" type="password" minLength={12} autoComplete="new-password" />
        {create.isError && <p role="alert">{create.error.message}</p>}
        <button type="submit">Create user</button>
      </form>
    </section>
  )
}
