import { PublishableTriageStatus, type RunNetworkSummary } from '@vigil/contracts'
import { useState } from 'react'
import { Link } from 'react-router'
import { ScrollTable } from '../../../components/scroll-table.js'
import { TlpLabel } from '../../../components/tlp-label.js'
import { networkColour } from './colours.js'
import { formatInstant } from './format.js'
import { matchesFilter, TRIAGE_FILTERS, type TriageFilter } from './network-filter.js'

type SortKey = 'id' | 'score' | 'members' | 'triage' | 'published'
const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'id', label: 'Network' },
  { key: 'score', label: 'Score' },
  { key: 'members', label: 'Accounts' },
  { key: 'triage', label: 'Triage' },
  { key: 'published', label: 'Published' },
]

const networkNumber = (id: string) => Number(id.slice(1))
const isPublishable = (n: RunNetworkSummary) => PublishableTriageStatus.safeParse(n.triage?.status).success

function compare(key: SortKey, a: RunNetworkSummary, b: RunNetworkSummary): number {
  switch (key) {
    case 'id':
      return networkNumber(a.id) - networkNumber(b.id)
    case 'score':
      return a.score - b.score
    case 'members':
      return a.members - b.members
    case 'triage':
      return (a.triage?.status ?? '').localeCompare(b.triage?.status ?? '')
    case 'published':
      return (a.published?.at ?? '').localeCompare(b.published?.at ?? '')
  }
}

const PAGE_SIZE = 25
/**
 * The run's networks, highest score first, sortable by any column, filtered and shown 25 to
 * a page: the graph's accessible alternative and the way into each network. A first column
 * of check boxes chooses confirmed networks (to publish together); a network not yet
 * confirmed cannot be chosen.
 */
export function NetworkTable({
  runId,
  networks,
  selected,
  onSelect,
}: {
  readonly runId: string
  readonly networks: readonly RunNetworkSummary[]
  readonly selected: ReadonlySet<string>
  readonly onSelect: (networkId: string, chosen: boolean) => void
}) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'score', descending: true })
  const [text, setText] = useState('')
  const [triage, setTriage] = useState<TriageFilter>('all')
  const [minAccounts, setMinAccounts] = useState(2)
  const [page, setPage] = useState(0)
  const filtered = networks.filter((n) => matchesFilter(n, text, triage, minAccounts))
  const sorted = filtered.sort((a, b) => (sort.descending ? -1 : 1) * compare(sort.key, a, b) || networkNumber(a.id) - networkNumber(b.id))
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE))
  const current = Math.min(page, pages - 1)
  const rows = sorted.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)
  const toggle = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'id' }))
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setPage(0)
    }
  return (
    <>
      <fieldset className="filters network-filters">
        <legend className="visually-hidden">Filter the networks</legend>
        <div>
          <label htmlFor="network-filter-text">Network, label or signal</label>
          <input id="network-filter-text" type="search" value={text} onChange={(e) => filter(setText)(e.target.value)} />
        </div>
        <div>
          <label htmlFor="network-filter-triage">Triage</label>
          <select id="network-filter-triage" value={triage} onChange={(e) => filter(setTriage)(e.target.value as TriageFilter)}>
            {TRIAGE_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="network-filter-size">At least (accounts)</label>
          <input
            id="network-filter-size"
            type="number"
            min={2}
            value={minAccounts}
            onChange={(e) => filter(setMinAccounts)(Math.max(2, Number(e.target.value) || 2))}
          />
        </div>
      </fieldset>
      <ScrollTable className="network-table">
        <caption>Networks, sorted by {COLUMNS.find((c) => c.key === sort.key)?.label.toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">Choose</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="sort" onClick={() => toggle(c.key)}>
                  {c.label}
                  <span aria-hidden="true">{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                </button>
              </th>
            ))}
            <th scope="col">Signals</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => (
            <tr key={n.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Choose ${n.id}`}
                  checked={selected.has(n.id)}
                  disabled={!isPublishable(n)}
                  title={isPublishable(n) ? undefined : 'Only confirmed networks can be published'}
                  onChange={(e) => onSelect(n.id, e.target.checked)}
                />
              </td>
              <td>
                <span className="dot" style={{ background: networkColour(n.id) }} aria-hidden="true" />
                <Link to={`/detect/runs/${runId}/networks/${n.id}`}>{n.id}</Link>
                {n.label && <span className="muted"> {n.label}</span>}
              </td>
              <td>{n.score.toFixed(2)}</td>
              <td>{n.members}</td>
              <td>{n.triage ? n.triage.status : <span className="muted">not triaged</span>}</td>
              <td>
                {n.published ? (
                  <>
                    <TlpLabel tlp={n.published.tlp} /> {formatInstant(n.published.at)}
                  </>
                ) : (
                  <span className="muted">no</span>
                )}
              </td>
              <td>{n.signals.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <nav className="pager" aria-label="Pages of networks">
        <span role="status">
          {sorted.length === 0
            ? 'No network matches these filters.'
            : `Networks ${current * PAGE_SIZE + 1}–${current * PAGE_SIZE + rows.length} of ${sorted.length}${
                sorted.length < networks.length ? ` (${networks.length} in the run)` : ''
              }`}
        </span>
        {pages > 1 && (
          <>
            <button type="button" className="secondary" disabled={current === 0} onClick={() => setPage(current - 1)}>
              Previous page
            </button>
            <button type="button" className="secondary" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              Next page
            </button>
          </>
        )}
      </nav>
    </>
  )
}
