import type { FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { type AuditFilters, useAudit } from '../api/admin.js'
import { AuditTable } from './audit-table.js'

const PAGE_SIZE = 50
const DAY_MS = 86_400_000

// The form's dates are UTC days, like every date the UI shows: `to` includes its whole day.
const startOfDay = (day: string) => (/^\d{4}-\d\d-\d\d$/.test(day) ? `${day}T00:00:00Z` : undefined)
const endOfDay = (day: string) => {
  const start = startOfDay(day)
  return start ? new Date(Date.parse(start) + DAY_MS).toISOString() : undefined
}

/**
 * The audit log, newest first, filtered by action, actor (e-mail, organisation or actor id)
 * and UTC days, 50 entries to a page. The filters and the page live in the URL, so a search
 * can be shared and Back returns to it.
 */
export function AuditLog() {
  const [params, setParams] = useSearchParams()
  const value = (k: string) => params.get(k) ?? ''
  const filters: AuditFilters = {
    before: value('before'),
    action: value('action').trim(),
    actor: value('actor').trim(),
    from: startOfDay(value('from')),
    to: endOfDay(value('to')),
  }
  const audit = useAudit(true, filters, PAGE_SIZE)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const next = new URLSearchParams()
    for (const k of ['action', 'actor', 'from', 'to']) {
      const v = String(form.get(k) ?? '').trim()
      if (v) next.set(k, v)
    }
    setParams(next)
  }
  const withCursor = (before: number | null) => {
    const next = new URLSearchParams(params)
    if (before === null) next.delete('before')
    else next.set('before', String(before))
    return `?${next}`
  }
  return (
    <>
      <h1>Audit log</h1>
      <p>
        Newest first. Times are UTC. <Link to="/admin">Back to administration</Link>
      </p>
      <form className="audit-filters" aria-label="Filter the audit log" onSubmit={submit} key={params.toString()}>
        <div>
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" name="action" defaultValue={value('action')} placeholder="auth.password.change" />
        </div>
        <div>
          <label htmlFor="audit-actor">Actor</label>
          <input id="audit-actor" name="actor" defaultValue={value('actor')} placeholder="e-mail, organisation or user:…" />
        </div>
        <div>
          <label htmlFor="audit-from">From (UTC day)</label>
          <input id="audit-from" name="from" type="date" defaultValue={value('from')} />
        </div>
        <div>
          <label htmlFor="audit-to">To (UTC day, included)</label>
          <input id="audit-to" name="to" type="date" defaultValue={value('to')} />
        </div>
        <div className="audit-filter-actions">
          <button type="submit">Filter</button> <Link to="?">Clear</Link>
        </div>
      </form>
      <QueryState query={audit} isEmpty={(d) => d.entries.length === 0} empty="No audit entry matches these filters.">
        {(page) => (
          <>
            <AuditTable entries={page.entries} />
            <nav aria-label="Audit log pages" className="pager">
              {value('before') && <Link to={withCursor(null)}>Newest entries</Link>}
              {page.next !== null && <Link to={withCursor(page.next)}>Older entries</Link>}
            </nav>
          </>
        )}
      </QueryState>
    </>
  )
}
