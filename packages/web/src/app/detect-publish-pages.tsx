import type { RunNetworkSummary } from '@vigil/contracts'
import { Link } from 'react-router'
import { NetworkView } from '../features/detect/components/network-view.js'
import { PublishForm } from '../features/detect/components/publish-form.js'
import { RunView } from '../features/detect/components/run-view.js'
import { useWritableCollections } from '../features/exchange/api/exchange.js'

/** A detected network, with publishing to the exchange collections the caller may write. */
export function DetectNetworkPage() {
  const writable = useWritableCollections()
  return (
    <NetworkView
      publish={(runId, network) => (
        <>
          <PublishForm runId={runId} networks={[network.id]} collections={writable} lastTlp={network.publications[0]?.tlp} />
          <p>
            <Link to={`/disclose/new?run=${encodeURIComponent(runId)}&network=${encodeURIComponent(network.id)}`}>Prepare disclosure</Link>
          </p>
        </>
      )}
    />
  )
}

/** A detection run, with publishing the networks chosen in its table together. */
export function DetectRunPage() {
  const writable = useWritableCollections()
  return (
    <RunView
      publish={(runId, networks) => (
        <PublishForm
          key={networks.map((n) => n.id).join()}
          runId={runId}
          networks={networks.map((n) => n.id)}
          collections={writable}
          lastTlp={latestTlp(networks)}
        />
      )}
    />
  )
}

/** The TLP the chosen networks were last published at, so the control starts where the analyst left it. */
const latestTlp = (networks: readonly RunNetworkSummary[]) =>
  networks.flatMap((n) => (n.published ? [n.published] : [])).sort((a, b) => b.at.localeCompare(a.at))[0]?.tlp
