import { useSession } from '../features/auth/api/session.js'
import { RequestPage } from '../features/requests/components/request-page.js'

export function RequestDetailPage() {
  const roles = useSession().data?.roles ?? []
  return <RequestPage canReview={roles.includes('reviewer')} canRequest={roles.includes('requester')} />
}
