import { type FormEvent, useEffect } from 'react'
import { useBeginTotpEnrolment, useConfirmTotpEnrolment, useRefreshSession, useSession } from '../api/session.js'
import { QrCode } from './qr-code.js'
import { RecoveryCodes } from './recovery-codes.js'

/**
 * Roles that act on sensitive data must use a second factor: the session can do nothing
 * else until the user has enrolled an authenticator and kept the recovery codes.
 */
export function TotpEnrolment() {
  const begin = useBeginTotpEnrolment()
  const confirm = useConfirmTotpEnrolment()
  const refresh = useRefreshSession()
  const session = useSession()
  const { mutate: start } = begin
  useEffect(() => start(), [start])

  if (confirm.isSuccess) {
    return (
      <section className="card narrow" aria-labelledby="recovery-title">
        <h1 id="recovery-title">Keep your recovery codes</h1>
        <p>Each code signs you in once if you lose your authenticator. They are shown only now: store them safely.</p>
        <RecoveryCodes codes={confirm.data.recoveryCodes} account={session.data?.user.email ?? 'your account'} />
        <button type="button" onClick={() => void refresh()}>
          I have stored them
        </button>
      </section>
    )
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    confirm.mutate(String(new FormData(event.currentTarget).get('code')).trim())
  }
  return (
    <section className="card narrow" aria-labelledby="totp-title">
      <h1 id="totp-title">Set up two-factor sign-in</h1>
      <p>Your role requires an authenticator app. Scan the code, or type the secret, then enter the first 6-digit code.</p>
      {begin.isPending && <p role="status">Preparing…</p>}
      {begin.isError && <p role="alert">Could not start: {begin.error.message}</p>}
      {begin.isSuccess && (
        <>
          <QrCode text={begin.data.uri} label="QR code of the authenticator secret" />
          <p>
            Secret: <code data-testid="totp-secret">{begin.data.secret}</code>
          </p>
          <form onSubmit={submit}>
            <label htmlFor="code">First code</label>
            <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" required />
            {confirm.isError && <p role="alert">{confirm.error.message}</p>}
            <button type="submit" disabled={confirm.isPending}>
              Confirm
            </button>
          </form>
        </>
      )}
    </section>
  )
}
