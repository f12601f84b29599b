import type { DetectedNetwork } from '@vigil/contracts'
import { formatDateTime } from '../lib/format-date.js'

// Tables with many rows show the first ones: the report must open fast in any browser.
const MAX_ROWS = 500

/** The report's networks; choosing one shows its details below. */
export function NetworkList({
  networks,
  selected,
  onSelect,
}: {
  readonly networks: readonly DetectedNetwork[]
  readonly selected: string | null
  readonly onSelect: (id: string) => void
}) {
  return (
    <table aria-label="Networks">
      <thead>
        <tr>
          <th scope="col">Network</th>
          <th scope="col">Accounts</th>
          <th scope="col">Score</th>
          <th scope="col">Signals</th>
        </tr>
      </thead>
      <tbody>
        {networks.map((n) => (
          <tr key={n.id} className={n.id === selected ? 'selected' : undefined}>
            <td>
              <button type="button" className="link" aria-pressed={n.id === selected} onClick={() => onSelect(n.id)}>
                {n.id}
              </button>
            </td>
            <td>{n.members.length}</td>
            <td>{n.score.score.toFixed(3)}</td>
            <td>{n.signals.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** What the network's accounts posted together: the shared objects, when and by whom. */
export function EvidenceTable({ network }: { readonly network: DetectedNetwork }) {
  return (
    <>
      <h3>Evidence</h3>
      <table aria-label={`Evidence of network ${network.id}`}>
        <thead>
          <tr>
            <th scope="col">Signal</th>
            <th scope="col">Object</th>
            <th scope="col">Posts</th>
            <th scope="col">First</th>
            <th scope="col">Last</th>
            <th scope="col">Accounts</th>
          </tr>
        </thead>
        <tbody>
          {network.evidence.slice(0, MAX_ROWS).map((e) => (
            <tr key={`${e.signal}:${e.object}`}>
              <td>{e.signal}</td>
              <td className="object">{e.object}</td>
              <td>{e.posts}</td>
              <td>{formatDateTime(e.firstAt, { seconds: true })}</td>
              <td>{formatDateTime(e.lastAt, { seconds: true })}</td>
              <td>{e.accounts.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** The network's links: each pair of accounts, its weight and the weight of each signal. */
export function EdgeTable({ network }: { readonly network: DetectedNetwork }) {
  return (
    <>
      <h3>Links</h3>
      {network.edges.length > MAX_ROWS && (
        <p className="muted">
          The first {MAX_ROWS} of {network.edges.length} links.
        </p>
      )}
      <table aria-label={`Links of network ${network.id}`}>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Account</th>
            <th scope="col">Weight</th>
            <th scope="col">Signals</th>
          </tr>
        </thead>
        <tbody>
          {network.edges.slice(0, MAX_ROWS).map((e) => (
            <tr key={`${e.a}:${e.b}`}>
              <td>{e.a}</td>
              <td>{e.b}</td>
              <td>{e.weight}</td>
              <td>
                {Object.entries(e.signals)
                  .map(([s, w]) => `${s} ${w}`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
