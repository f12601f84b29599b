import { type Org, OrgId } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useCreateSharingGroup, useSetGroupMembers, useSharingGroups } from '../api/sharing.js'
import { Checkboxes } from './checkboxes.js'

/**
 * Sharing groups the caller's organisation owns or belongs to (all, for the instance
 * admin): named sets of organisations that collections grant to. Their owners change members.
 */
export function SharingGroupsPanel({
  orgs,
  ownOrgId,
  isAdmin,
}: {
  readonly orgs: readonly Org[]
  readonly ownOrgId: string
  readonly isAdmin: boolean
}) {
  const groups = useSharingGroups()
  const create = useCreateSharingGroup()
  const setMembers = useSetGroupMembers()
  const [editing, setEditing] = useState<string>()
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id
  const orgOptions = orgs.map((o) => ({ id: o.id, label: o.name }))
  const submitNew = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const target = event.currentTarget
    create.mutate(
      {
        name: String(form.get('name')),
        description: String(form.get('description') ?? ''),
        memberOrgIds: form.getAll('members').map((m) => OrgId.parse(m)),
      },
      { onSuccess: () => target.reset() },
    )
  }
  const saveMembers = (id: string) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const memberOrgIds = new FormData(event.currentTarget).getAll('members').map(String)
    setMembers.mutate({ id, memberOrgIds }, { onSuccess: () => setEditing(undefined) })
  }
  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">Sharing groups</h2>
      <QueryState query={groups} isEmpty={(d) => d.length === 0} empty="No sharing group yet.">
        {(list) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Owner</th>
                <th scope="col">Members</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {list.map((g) => (
                <tr key={g.id}>
                  <td>
                    {g.name}
                    {g.description && <div className="muted">{g.description}</div>}
                  </td>
                  <td>{orgName(g.ownerOrgId)}</td>
                  <td>
                    {editing === g.id ? (
                      <form onSubmit={saveMembers(g.id)} aria-label={`Members of ${g.name}`}>
                        <Checkboxes
                          legend="Members (the owner always is one)"
                          name="members"
                          options={orgOptions.filter((o) => o.id !== g.ownerOrgId)}
                          checked={g.memberOrgIds}
                        />
                        {setMembers.isError && <p role="alert">{setMembers.error.message}</p>}
                        <button type="submit">Save members</button>
                      </form>
                    ) : (
                      g.memberOrgIds.map(orgName).join(', ')
                    )}
                  </td>
                  <td>
                    {(isAdmin || g.ownerOrgId === ownOrgId) && editing !== g.id && (
                      <button type="button" className="secondary" onClick={() => setEditing(g.id)}>
                        Change members of {g.name}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
      <form onSubmit={submitNew} aria-label="New sharing group">
        <label htmlFor="group-name">Name</label>
        <input id="group-name" name="name" required maxLength={200} />
        <label htmlFor="group-description">Description</label>
        <input id="group-description" name="description" maxLength={2000} />
        <Checkboxes
          legend="Members besides your organisation"
          name="members"
          options={orgOptions.filter((o) => o.id !== ownOrgId)}
          checked={[]}
        />
        {create.isError && <p role="alert">{create.error.message}</p>}
        <button type="submit">Create sharing group</button>
      </form>
    </section>
  )
}
