import { CorrelationInbox } from '../features/exchange/components/correlation-inbox.js'
import { ImportBundle } from '../features/exchange/components/import-bundle.js'
import { ObjectList } from '../features/exchange/components/object-list.js'

export function ExchangePage() {
  return (
    <>
      <h1>Threat exchange</h1>
      <p className="lead">What your organisation may see, under each object's TLP and the collections shared with you.</p>
      <ObjectList />
      <CorrelationInbox />
      <ImportBundle />
    </>
  )
}
