import { OrgKind } from '@vigil/contracts'
import type { FormEvent } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useCreateOrg, useOrgs, useSetOrgStatus } from '../api/admin.js'
import { StatusToggle } from './status-toggle.js'

/** Organisations and their verified e-mail domains; instance admins create and suspend them. */
export function OrgsPanel({ canManage }: { readonly canManage: boolean }) {
  const orgs = useOrgs()
  const create = useCreateOrg()
  const setStatus = useSetOrgStatus()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const domains = String(form.get('domains') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
    create.mutate(
      { name: String(form.get('name')), kind: OrgKind.parse(form.get('kind')), domains },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    )
  }
  return (
    <section aria-labelledby="orgs-title">
      <h2 id="orgs-title">Organisations</h2>
      <QueryState query={orgs} isEmpty={(d) => d.length === 0}>
        {(list) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Verified domains</th>
                <th scope="col">Status</th>
                {canManage && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((o) => (
                <tr key={o.id}>
                  <td>{o.name}</td>
                  <td>{o.kind}</td>
                  <td>{o.domains.join(', ') || '—'}</td>
                  <td>{o.status}</td>
                  {canManage && (
                    <td>
                      <StatusToggle status={o.status} name={o.name} onChange={(status) => setStatus.mutate({ id: o.id, status })} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
      {canManage && (
        <form onSubmit={submit} aria-label="New organisation">
          <label htmlFor="org-name">Name</label>
          <input id="org-name" name="name" required maxLength={200} />
          <label htmlFor="org-kind">Kind</label>
          <select id="org-kind" name="kind" defaultValue="platform">
            {OrgKind.options.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          <label htmlFor="org-domains">Verified e-mail domains (comma-separated)</label>
          <input id="org-domains" name="domains" />
          {create.isError && <p role="alert">{create.error.message}</p>}
          <button type="submit">Create organisation</button>
        </form>
      )}
    </section>
  )
}
