import { OrgKind } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useCreateOrg, useOrgs, useSetOrgDomains, useSetOrgStatus } from '../api/admin.js'
import { StatusToggle } from './status-toggle.js'

/** The domains typed into a form's `domains` field, split on commas and spaces. */
const domainsOf = (form: FormData): string[] =>
  String(form.get('domains') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)

/**
 * Organisations and their verified e-mail domains; instance admins create and suspend them
 * and change their domains (the request portal knows agencies' officials by them).
 */
export function OrgsPanel({ canManage }: { readonly canManage: boolean }) {
  const orgs = useOrgs()
  const create = useCreateOrg()
  const setStatus = useSetOrgStatus()
  const setDomains = useSetOrgDomains()
  const [editing, setEditing] = useState<string>()
  const saveDomains = (id: string) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setDomains.mutate({ id, domains: domainsOf(new FormData(event.currentTarget)) }, { onSuccess: () => setEditing(undefined) })
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const domains = domainsOf(form)
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
                  <td>
                    {editing === o.id ? (
                      <form onSubmit={saveDomains(o.id)} aria-label={`Domains of ${o.name}`}>
                        <label htmlFor={`domains-${o.id}`}>Verified e-mail domains (comma-separated)</label>
                        <input id={`domains-${o.id}`} name="domains" defaultValue={o.domains.join(', ')} />
                        {setDomains.isError && <p role="alert">{setDomains.error.message}</p>}
                        <button type="submit">Save domains</button>
                      </form>
                    ) : (
                      o.domains.join(', ') || '—'
                    )}
                  </td>
                  <td>{o.status}</td>
                  {canManage && (
                    <td>
                      <StatusToggle status={o.status} name={o.name} onChange={(status) => setStatus.mutate({ id: o.id, status })} />
                      {editing !== o.id && (
                        <button type="button" className="secondary" onClick={() => setEditing(o.id)}>
                          Change domains of {o.name}
                        </button>
                      )}
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
