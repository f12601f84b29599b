import { Link } from 'react-router'
import { TokensPanel } from '../features/admin/components/tokens-panel.js'

/** What every signed-in user manages for themself: their password and their API tokens. */
export function AccountPage() {
  return (
    <>
      <h1>Your account</h1>
      <p>
        <Link to="/account/password">Change your password</Link>
      </p>
      <TokensPanel />
    </>
  )
}
