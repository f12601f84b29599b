import { type ObjectEntry, type Org, Tlp } from '@vigil/contracts'
import type { FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ScrollTable } from '../../../components/scroll-table.js'
import { TlpLabel } from '../../../components/tlp-label.js'
import { type ObjectFilters, useCollections, useObjects } from '../api/exchange.js'
import './exchange.css'
import { formatDateTime } from '../../../lib/format-date.js'
import { objectName } from './object-name.js'

const DAY_MS = 86_400_000
// The API's time bounds are exclusive; a day picked in a date field (UTC) is included.
const dayBound = (day: string, end: boolean): string =>
  day ? new Date(Date.parse(`${day}T00:00:00.000Z`) + (end ? DAY_MS : -1)).toISOString() : ''

// The form's fields as they appear in the page's URL, so Back and a shared link keep a search.
const FIELDS = ['q', 'type', 'tlp', 'collection', 'observable', 'org', 'from', 'until'] as const
type Sort = 'newest' | 'oldest' | 'name' | 'type'
const SORTS: readonly { value: Sort; label: string }[] = [
  { value: 'newest', label: 'newest first' },
  { value: 'oldest', label: 'oldest first' },
  { value: 'name', label: 'name' },
  { value: 'type', label: 'type' },
]
const modifiedOf = (e: ObjectEntry) => String(e.object.modified ?? e.dateAdded)
const SORTERS: Readonly<Record<Sort, (a: ObjectEntry, b: ObjectEntry) => number>> = {
  newest: (a, b) => modifiedOf(b).localeCompare(modifiedOf(a)),
  oldest: (a, b) => modifiedOf(a).localeCompare(modifiedOf(b)),
  name: (a, b) => objectName(a.object).localeCompare(objectName(b.object)),
  type: (a, b) => String(a.object.type).localeCompare(String(b.object.type)) || objectName(a.object).localeCompare(objectName(b.object)),
}

/** The API's filters from the page's URL. */
export function filtersOf(params: URLSearchParams): ObjectFilters {
  const get = (k: string) => (params.get(k) ?? '').trim()
  const tlp = Tlp.safeParse(get('tlp'))
  return {
    type: get('type'),
    tlp: tlp.success ? tlp.data : '',
    collection: get('collection'),
    q: get('q'),
    observable: get('observable'),
    creator_org: get('org'),
    modified_after: dayBound(get('from'), false),
    modified_before: dayBound(get('until'), true),
  }
}

/**
 * The searchable, filterable object list; markings decide what the server returns. `orgs`
 * name the creators. The filters and the sort live in the URL.
 */
export function ObjectList({ orgs }: { readonly orgs: readonly Org[] }) {
  const [params, setParams] = useSearchParams()
  const objects = useObjects(filtersOf(params))
  const collections = useCollections()
  const sort: Sort = SORTS.find((s) => s.value === params.get('sort'))?.value ?? 'newest'
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const next = new URLSearchParams()
    for (const k of FIELDS) {
      const v = String(form.get(k) ?? '').trim()
      if (v) next.set(k, v)
    }
    if (sort !== 'newest') next.set('sort', sort)
    // Searching again with the same filters asks the server again: someone pressing Search
    // expects what is there now, not the cached page.
    if (next.toString() === params.toString()) void objects.refetch()
    else setParams(next)
  }
  const setSort = (value: string) => {
    const next = new URLSearchParams(params)
    if (value === 'newest') next.delete('sort')
    else next.set('sort', value)
    setParams(next, { replace: true })
  }
  const rows = [...(objects.data?.pages.flatMap((p) => p.objects) ?? [])].sort(SORTERS[sort])
  return (
    <section aria-labelledby="objects-title">
      <h2 id="objects-title">Objects</h2>
      <form className="filters" onSubmit={submit} aria-label="Filter objects" key={params.toString()}>
        <div>
          <label htmlFor="f-q">Text</label>
          <input id="f-q" name="q" placeholder="name, account, domain, T-number…" defaultValue={params.get('q') ?? ''} />
        </div>
        <div>
          <label htmlFor="f-type">Type</label>
          <input id="f-type" name="type" placeholder="e.g. indicator,campaign" defaultValue={params.get('type') ?? ''} />
        </div>
        <div>
          <label htmlFor="f-tlp">TLP</label>
          <select id="f-tlp" name="tlp" defaultValue={params.get('tlp') ?? ''}>
            <option value="">any</option>
            {Tlp.options.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-collection">Collection</label>
          <select id="f-collection" name="collection" defaultValue={params.get('collection') ?? ''}>
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
          <input
            id="f-observable"
            name="observable"
            placeholder="exact URL, domain, account…"
            defaultValue={params.get('observable') ?? ''}
          />
        </div>
        <div>
          <label htmlFor="f-org">Organisation</label>
          <select id="f-org" name="org" defaultValue={params.get('org') ?? ''}>
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
          <input id="f-from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
        </div>
        <div>
          <label htmlFor="f-until">Modified until</label>
          <input id="f-until" name="until" type="date" defaultValue={params.get('until') ?? ''} />
        </div>
        <button type="submit">Search</button>
      </form>
      {objects.isPending && <p role="status">Loading…</p>}
      {objects.isError && <p role="alert">Could not load: {objects.error.message}</p>}
      {objects.isSuccess && rows.length === 0 && <p className="empty">No object you may see matches.</p>}
      {rows.length > 0 && (
        <div className="list-head">
          <p aria-live="polite">
            {rows.length} {rows.length === 1 ? 'object' : 'objects'}
            {objects.hasNextPage ? ' shown, more below' : ''}
          </p>
          <label htmlFor="f-sort">Sort by</label>
          <select id="f-sort" value={sort} onChange={(e) => setSort(e.target.value)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      )}
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
                  <td>{formatDateTime(String(e.object.modified ?? e.dateAdded))}</td>
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
