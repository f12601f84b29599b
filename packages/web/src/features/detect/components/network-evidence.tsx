import type { EvidenceObject } from '@vigil/contracts'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatInstant } from './format.js'

/** The objects the network's accounts shared, per signal, with when they were first and last posted. */
export function NetworkEvidence({ evidence }: { readonly evidence: readonly EvidenceObject[] }) {
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
            {evidence.map((e) => (
              <tr key={`${e.signal}\n${e.object}`}>
                <td>{e.signal}</td>
                <td className="object">{e.object}</td>
                <td>{e.accounts.join(', ')}</td>
                <td>{e.posts}</td>
                <td className="nowrap">{formatInstant(e.firstAt)}</td>
                <td className="nowrap">{formatInstant(e.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </section>
  )
}
