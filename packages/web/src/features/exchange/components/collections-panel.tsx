import { type Collection, CollectionGrantsInput, type Org, type SharingGroup, Tlp } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { TlpLabel } from '../../../components/tlp-label.js'
import { useCollections } from '../api/exchange.js'
import { useCreateCollection, useSetCollectionGrants, useSharingGroups, useUpdateCollection } from '../api/sharing.js'
import { Checkboxes } from './checkboxes.js'

/** Who reads and who writes, as the form's checkboxes say. */
function grantsFrom(form: FormData): CollectionGrantsInput {
  const ids = (name: string) => form.getAll(name).map(String)
  return CollectionGrantsInput.parse({
    read: { everyone: form.get('read-everyone') === 'on', orgIds: ids('read-orgs'), groupIds: ids('read-groups') },
    write: { orgIds: ids('write-orgs'), groupIds: ids('write-groups') },
  })
}

/** Title, description and default TLP, as the form's fields say. */
function detailsFrom(form: FormData): { title: string; description: string; defaultTlp: Tlp } {
  return {
    title: String(form.get('title')),
    description: String(form.get('description') ?? ''),
    defaultTlp: Tlp.parse(form.get('defaultTlp')),
  }
}

/** A collection's title, description and default TLP fields (ids prefixed by `idPrefix`), filled from `current`. */
function DetailsFields({ idPrefix, current }: { readonly idPrefix: string; readonly current?: Collection }) {
  return (
    <>
      <label htmlFor={`${idPrefix}-title`}>Title</label>
      <input id={`${idPrefix}-title`} name="title" required maxLength={200} defaultValue={current?.title} />
      <label htmlFor={`${idPrefix}-description`}>Description</label>
      <input id={`${idPrefix}-description`} name="description" maxLength={2000} defaultValue={current?.description} />
      <label htmlFor={`${idPrefix}-tlp`}>Default TLP (for objects without a marking{current ? ', added from now on' : ''})</label>
      <select id={`${idPrefix}-tlp`} name="defaultTlp" defaultValue={current?.defaultTlp ?? 'amber'}>
        {Tlp.options.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
    </>
  )
}

/** Checkboxes for a collection's readers and writers, checked as `current` grants. */
function GrantsFields({
  orgs,
  groups,
  current,
}: {
  readonly orgs: readonly Org[]
  readonly groups: readonly SharingGroup[]
  readonly current?: Collection
}) {
  const orgOptions = orgs.map((o) => ({ id: o.id, label: o.name }))
  const groupOptions = groups.map((g) => ({ id: g.id, label: `group: ${g.name}` }))
  return (
    <>
      <label className="inline">
        <input type="checkbox" name="read-everyone" defaultChecked={current?.read.everyone ?? false} /> Every organisation on this instance
        reads it
      </label>
      <Checkboxes legend="Read by organisations" name="read-orgs" options={orgOptions} checked={current?.read.orgIds ?? []} />
      <Checkboxes legend="Read by sharing groups" name="read-groups" options={groupOptions} checked={current?.read.groupIds ?? []} />
      <Checkboxes legend="Written by organisations" name="write-orgs" options={orgOptions} checked={current?.write.orgIds ?? []} />
      <Checkboxes legend="Written by sharing groups" name="write-groups" options={groupOptions} checked={current?.write.groupIds ?? []} />
    </>
  )
}

/**
 * Collections and which organisations and sharing groups read and write each; the instance
 * admin creates them, edits their details and changes who has access. TLP still decides
 * what each reader sees.
 */
export function CollectionsPanel({ orgs, canManage }: { readonly orgs: readonly Org[]; readonly canManage: boolean }) {
  const collections = useCollections()
  const groups = useSharingGroups()
  const create = useCreateCollection()
  const setGrants = useSetCollectionGrants()
  const update = useUpdateCollection()
  const [editing, setEditing] = useState<{ readonly id: string; readonly part: 'access' | 'details' }>()
  const groupList = groups.data ?? []
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? groupList.find((g) => g.id === id)?.name ?? id
  const who = (ids: readonly string[], everyone = false) => [...(everyone ? ['everyone'] : []), ...ids.map(name)].join(', ') || 'nobody'
  const submitNew = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const target = event.currentTarget
    create.mutate({ ...detailsFrom(form), ...grantsFrom(form) }, { onSuccess: () => target.reset() })
  }
  const saveDetails = (id: string) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    update.mutate({ id, patch: detailsFrom(new FormData(event.currentTarget)) }, { onSuccess: () => setEditing(undefined) })
  }
  const saveGrants = (id: string) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setGrants.mutate({ id, grants: grantsFrom(new FormData(event.currentTarget)) }, { onSuccess: () => setEditing(undefined) })
  }
  return (
    <section aria-labelledby="collections-title">
      <h2 id="collections-title">Collections</h2>
      <QueryState query={collections} isEmpty={(d) => d.length === 0} empty="No collection yet.">
        {(list) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Default TLP</th>
                <th scope="col">Readers</th>
                <th scope="col">Writers</th>
                {canManage && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <td>
                    {editing?.id === c.id && editing.part === 'details' ? (
                      <form onSubmit={saveDetails(c.id)} aria-label={`Details of ${c.title}`}>
                        <DetailsFields idPrefix={`edit-${c.id}`} current={c} />
                        {update.isError && <p role="alert">{update.error.message}</p>}
                        <button type="submit">Save details</button>
                      </form>
                    ) : (
                      <>
                        {c.title}
                        {c.description && <div className="muted">{c.description}</div>}
                      </>
                    )}
                  </td>
                  <td>
                    <TlpLabel tlp={c.defaultTlp} />
                  </td>
                  {editing?.id === c.id && editing.part === 'access' ? (
                    <td colSpan={2}>
                      <form onSubmit={saveGrants(c.id)} aria-label={`Access to ${c.title}`}>
                        <GrantsFields orgs={orgs} groups={groupList} current={c} />
                        {setGrants.isError && <p role="alert">{setGrants.error.message}</p>}
                        <button type="submit">Save access</button>
                      </form>
                    </td>
                  ) : (
                    <>
                      <td>{who([...c.read.orgIds, ...c.read.groupIds], c.read.everyone)}</td>
                      <td>{who([...c.write.orgIds, ...c.write.groupIds])}</td>
                    </>
                  )}
                  {canManage && (
                    <td>
                      {editing?.id !== c.id && (
                        <>
                          <button type="button" className="secondary" onClick={() => setEditing({ id: c.id, part: 'details' })}>
                            Edit {c.title}
                          </button>
                          <button type="button" className="secondary" onClick={() => setEditing({ id: c.id, part: 'access' })}>
                            Change access to {c.title}
                          </button>
                        </>
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
        <form onSubmit={submitNew} aria-label="New collection">
          <DetailsFields idPrefix="collection" />
          <GrantsFields orgs={orgs} groups={groupList} />
          {create.isError && <p role="alert">{create.error.message}</p>}
          <button type="submit">Create collection</button>
        </form>
      )}
    </section>
  )
}
