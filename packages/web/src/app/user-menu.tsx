import { Link } from 'react-router'
import { useSession, useSignOut } from '../features/auth/api/session.js'

/** Who is signed in, for which organisation, and the way out. */
export function UserMenu() {
  const session = useSession()
  const signOut = useSignOut()
  if (!session.data) return null
  return (
    <div className="user-menu">
      <span>
        {session.data.user.email} · {session.data.org.name}
      </span>
      <Link to="/account">Your account</Link>
      <Link to="/account/password">Change password</Link>
      <button type="button" className="link-button" onClick={() => signOut.mutate()}>
        Sign out
      </button>
    </div>
  )
}
