import { useOrgs } from '../features/admin/api/admin.js'
import { useSession } from '../features/auth/api/session.js'
import { CorrelationInbox } from '../features/exchange/components/correlation-inbox.js'
import { ImportIntel } from '../features/exchange/components/import-intel.js'
import { ObjectList } from '../features/exchange/components/object-list.js'

export function ExchangePage() {
  const orgs = useOrgs()
  const session = useSession()
  const orgName = (id: string) =>
    orgs.data?.find((o) => o.id === id)?.name ?? (session.data?.org.id === id ? session.data.org.name : undefined)
  return (
    <>
      <h1>Threat exchange</h1>
      <p className="lead">What your organisation may see, under each object's TLP and the collections shared with you.</p>
      <ImportIntel />
      <ObjectList orgs={orgs.data ?? []} />
      <CorrelationInbox myOrgId={session.data?.org.id ?? ''} orgName={orgName} />
    </>
  )
}
