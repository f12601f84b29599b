import { useOrgs } from '../features/admin/api/admin.js'
import { AuditPanel } from '../features/admin/components/audit-panel.js'
import { OrgsPanel } from '../features/admin/components/orgs-panel.js'
import { UsersPanel } from '../features/admin/components/users-panel.js'
import { useSession } from '../features/auth/api/session.js'
import { CollectionsPanel } from '../features/exchange/components/collections-panel.js'
import { SharingGroupsPanel } from '../features/exchange/components/sharing-groups-panel.js'

/** Administration, showing each panel only to the roles that manage it; API tokens are on the account page. */
export function AdminPage() {
  const session = useSession()
  const orgs = useOrgs()
  const roles = session.data?.roles ?? []
  const isAdmin = roles.includes('admin')
  const managesUsers = isAdmin || roles.includes('org-admin')
  const orgList = orgs.data ?? []
  return (
    <>
      <h1>Administration</h1>
      {isAdmin && <OrgsPanel canManage />}
      {managesUsers && <UsersPanel orgs={orgList} />}
      {managesUsers && <SharingGroupsPanel orgs={orgList} ownOrgId={session.data?.org.id ?? ''} isAdmin={isAdmin} />}
      {managesUsers && <CollectionsPanel orgs={orgList} canManage={isAdmin} />}
      {(isAdmin || roles.includes('auditor')) && <AuditPanel canVerify={isAdmin} />}
    </>
  )
}
