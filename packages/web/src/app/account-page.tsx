import { TokensPanel } from '../features/admin/components/tokens-panel.js'

/** What every signed-in user manages for themself: their API tokens. */
export function AccountPage() {
  return (
    <>
      <h1>Your account</h1>
      <TokensPanel />
    </>
  )
}
