import { useOrgs } from '../features/admin/api/admin.js'
import { CorrelationInbox } from '../features/exchange/components/correlation-inbox.js'
import { ImportIntel } from '../features/exchange/components/import-intel.js'
import { ObjectList } from '../features/exchange/components/object-list.js'

export function ExchangePage() {
  const orgs = useOrgs()
  return (
    <>
      <h1>Threat exchange</h1>
      <p className="lead">What your organisation may see, under each object's TLP and the collections shared with you.</p>
      <ObjectList orgs={orgs.data ?? []} />
      <CorrelationInbox />
      <ImportIntel />
    </>
  )
}
