import type { ReactNode } from 'react'
import { useSession, useSessionExpired, useSignInNotice } from '../features/auth/api/session.js'
import { SignInForm } from '../features/auth/components/sign-in-form.js'
import { TotpEnrolment } from '../features/auth/components/totp-enrolment.js'

/** Shows the app to a signed-in user whose session may act; sign-in or enrolment otherwise. */
export function SessionGate({ children }: { readonly children: ReactNode }) {
  const session = useSession()
  const expired = useSessionExpired()
  const notice = useSignInNotice()
  if (session.isPending) return <p role="status">Loading…</p>
  if (session.isError) return <p role="alert">The server cannot be reached: {session.error.message}</p>
  if (session.data === null)
    return (
      <main id="main">
        <SignInForm notice={expired ? 'Your session has expired. Sign in again to return to this page.' : notice} />
      </main>
    )
  if (session.data.pending === 'totp-enrolment')
    return (
      <main id="main">
        <TotpEnrolment />
      </main>
    )
  return <>{children}</>
}
