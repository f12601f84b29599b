import type { EvidenceObject } from '@vigil/contracts'
import { useState } from 'react'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatInstant } from './format.js'

const FOLDED_OBJECTS = 20
const FOLDED_ACCOUNTS = 4

/** A list of accounts that shows the first few and folds the rest behind a disclosure. */
function AccountList({ accounts }: { readonly accounts: readonly string[] }) {
  if (accounts.length <= FOLDED_ACCOUNTS + 1) return <>{accounts.join(', ')}</>
  return (
    <details className="folded">
      <summary>
        {accounts.slice(0, FOLDED_ACCOUNTS).join(', ')} and {accounts.length - FOLDED_ACCOUNTS} more
      </summary>
      {accounts.slice(FOLDED_ACCOUNTS).join(', ')}
    </details>
  )
}

/** The objects the network's accounts shared, per signal, with when they were first and last posted. */
export function NetworkEvidence({ evidence }: { readonly evidence: readonly EvidenceObject[] }) {
  const [all, setAll] = useState(false)
  const shown = all ? evidence : evidence.slice(0, FOLDED_OBJECTS)
  return (
    <section aria-labelledby="evidence-title">
      <h2 id="evidence-title">Shared objects ({evidence.length})</h2>
      {evidence.length === 0 ? (
        <p className="empty">No shared object was kept for this network.</p>
      ) : (
        <ScrollTable>
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Object</th>
              <th scope="col">Accounts</th>
              <th scope="col">Posts</th>
              <th scope="col">First posted</th>
              <th scope="col">Last posted</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={`${e.signal}\n${e.object}`}>
                <td>{e.signal}</td>
                <td className="object">{e.object}</td>
                <td>
                  <AccountList accounts={e.accounts} />
                </td>
                <td>{e.posts}</td>
                <td className="nowrap">{formatInstant(e.firstAt)}</td>
                <td className="nowrap">{formatInstant(e.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {evidence.length > FOLDED_OBJECTS && (
        <button type="button" className="secondary" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `Show the first ${FOLDED_OBJECTS} objects only` : `Show all ${evidence.length} shared objects`}
        </button>
      )}
    </section>
  )
}
