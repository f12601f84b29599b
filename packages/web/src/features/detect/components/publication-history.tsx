import type { RunNetworkDetail } from '@vigil/contracts'
import { TlpLabel } from '../../../components/tlp-label.js'
import { formatInstant } from './format.js'

/** Every publication of the network, newest first: where, at which TLP, by whom, and which allowlisted accounts it left out. */
export function PublicationHistory({ network }: { readonly network: RunNetworkDetail }) {
  return (
    <section aria-labelledby="publications-title">
      <h2 id="publications-title">Publications</h2>
      {network.publications.length === 0 ? (
        <p className="empty">Never published.</p>
      ) : (
        <ol className="history" aria-label="Publication history">
          {network.publications.map((p) => (
            <li key={`${p.at}\n${p.collection}`}>
              <TlpLabel tlp={p.tlp} /> into “{p.collectionTitle}” by {p.by}, {formatInstant(p.at)}: {p.objects} STIX objects
              {p.leftOut.length > 0 && `, without the allowlisted ${p.leftOut.join(', ')}`}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
