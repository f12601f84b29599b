import { NetworkView } from '../features/detect/components/network-view.js'
import { PublishForm } from '../features/detect/components/publish-form.js'
import { useCollections } from '../features/exchange/api/exchange.js'

/** A detected network, with publishing to the exchange collections the caller may write. */
export function DetectNetworkPage() {
  const writable = useCollections().data?.filter((c) => c.canWrite) ?? []
  return <NetworkView publish={(runId, networkId) => <PublishForm runId={runId} networks={[networkId]} collections={writable} />} />
}
