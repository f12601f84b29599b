import { useSession } from '../features/auth/api/session.js'
import { IntakeForm } from '../features/requests/components/intake-form.js'
import { RequestList } from '../features/requests/components/request-list.js'

export function RequestsPage() {
  const roles = useSession().data?.roles ?? []
  return (
    <>
      <h1>Data requests</h1>
      <RequestList />
      {roles.includes('requester') && <IntakeForm />}
    </>
  )
}
