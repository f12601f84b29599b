import { NetworkView } from '../features/detect/components/network-view.js'
import { PublishForm } from '../features/detect/components/publish-form.js'
import { RunView } from '../features/detect/components/run-view.js'
import { useWritableCollections } from '../features/exchange/api/exchange.js'

/** A detected network, with publishing to the exchange collections the caller may write. */
export function DetectNetworkPage() {
  const writable = useWritableCollections()
  return <NetworkView publish={(runId, networkId) => <PublishForm runId={runId} networks={[networkId]} collections={writable} />} />
}

/** A detection run, with publishing the networks chosen in its table together. */
export function DetectRunPage() {
  const writable = useWritableCollections()
  return (
    <RunView
      publish={(runId, networks) => <PublishForm key={networks.join()} runId={runId} networks={networks} collections={writable} />}
    />
  )
}
