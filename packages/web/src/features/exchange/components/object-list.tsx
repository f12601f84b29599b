import { type Org, Tlp } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { Link } from 'react-router'
import { ScrollTable } from '../../../components/scroll-table.js'
import { TlpLabel } from '../../../components/tlp-label.js'
import { type ObjectFilters, useCollections, useObjects } from '../api/exchange.js'
import { objectName } from './object-name.js'

const DAY_MS = 86_400_000
// The API's time bounds are exclusive; a day picked in a date field (UTC) is included.
const dayBound = (day: string, end: boolean): string =>
  day ? new Date(Date.parse(`${day}T00:00:00.000Z`) + (end ? DAY_MS : -1)).toISOString() : ''

/** The searchable, filterable object list; markings decide what the server returns. `orgs` name the creators. */
export function ObjectList({ orgs }: { readonly orgs: readonly Org[] }) {
  const [filters, setFilters] = useState<ObjectFilters>({})
  const objects = useObjects(filters)
  const collections = useCollections()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const get = (k: string) => String(form.get(k) ?? '').trim()
    const tlp = Tlp.safeParse(get('tlp'))
    setFilters({
      type: get('type'),
      tlp: tlp.success ? tlp.data : '',
      collection: get('collection'),
      q: get('q'),
      observable: get('observable'),
      creator_org: get('creator_org'),
      modified_after: dayBound(get('from'), false),
      modified_before: dayBound(get('until'), true),
    })
  }
  const rows = objects.data?.pages.flatMap((p) => p.objects) ?? []
  return (
    <section aria-labelledby="objects-title">
      <h2 id="objects-title">Objects</h2>
      <form className="filters" onSubmit={submit} aria-label="Filter objects">
        <div>
          <label htmlFor="f-q">Text</label>
          <input id="f-q" name="q" placeholder="name, description or id" />
        </div>
        <div>
          <label htmlFor="f-type">Type</label>
          <input id="f-type" name="type" placeholder="e.g. indicator,campaign" />
        </div>
        <div>
          <label htmlFor="f-tlp">TLP</label>
          <select id="f-tlp" name="tlp" defaultValue="">
            <option value="">any</option>
            {Tlp.options.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-collection">Collection</label>
          <select id="f-collection" name="collection" defaultValue="">
            <option value="">any</option>
            {collections.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-observable">Observable</label>
          <input id="f-observable" name="observable" placeholder="URL, domain, account…" />
        </div>
        <div>
          <label htmlFor="f-org">Organisation</label>
          <select id="f-org" name="creator_org" defaultValue="">
            <option value="">any</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-from">Modified from</label>
          <input id="f-from" name="from" type="date" />
        </div>
        <div>
          <label htmlFor="f-until">Modified until</label>
          <input id="f-until" name="until" type="date" />
        </div>
        <button type="submit">Search</button>
      </form>
      {objects.isPending && <p role="status">Loading…</p>}
      {objects.isError && <p role="alert">Could not load: {objects.error.message}</p>}
      {objects.isSuccess && rows.length === 0 && <p className="empty">No object you may see matches.</p>}
      {rows.length > 0 && (
        <ScrollTable>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">TLP</th>
              <th scope="col">Organisation</th>
              <th scope="col">Modified</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => {
              const id = String(e.object.id)
              return (
                <tr key={`${e.collectionId}/${id}/${String(e.object.modified ?? '')}`}>
                  <td>
                    <Link to={`/exchange/objects/${encodeURIComponent(id)}`}>{objectName(e.object)}</Link>
                  </td>
                  <td>{String(e.object.type)}</td>
                  <td>
                    <TlpLabel tlp={e.tlp} />
                  </td>
                  <td>{orgs.find((o) => o.id === e.creatorOrgId)?.name ?? '—'}</td>
                  <td>
                    {String(e.object.modified ?? e.dateAdded)
                      .slice(0, 16)
                      .replace('T', ' ')}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </ScrollTable>
      )}
      {objects.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void objects.fetchNextPage()} disabled={objects.isFetchingNextPage}>
          More
        </button>
      )}
    </section>
  )
}
