import { SetPasswordForm } from '../features/auth/components/set-password-form.js'

/** Where invitation and password-reset links land; it needs no session. */
export function SetPasswordPage() {
  return (
    <main id="main">
      <SetPasswordForm />
    </main>
  )
}
