import { type FormEvent, useState } from 'react'
import { Link } from 'react-router'
import { ApiError } from '../../../lib/api-client.js'
import { PASSWORD_RULES, useRedeemLink } from '../api/session.js'
import { NewPasswordFields } from './new-password-fields.js'

// The token travels in the URL's fragment (`#token=…`), which the browser never sends to a server.
const tokenFromFragment = (hash: string): string => new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? ''

function messageFor(error: Error): string {
  if (error instanceof ApiError && error.status === 401)
    return 'This link is invalid, already used or expired. Ask your administrator for a new one.'
  if (error instanceof ApiError && error.code === 'RATE_LIMITED') return 'Too many attempts from this address. Wait a minute and try again.'
  return error.message
}

/** The page of an invitation or password-reset link: choose a password, then sign in with it. */
export function SetPasswordForm() {
  const [token] = useState(() => tokenFromFragment(window.location.hash))
  const redeem = useRedeemLink()
  const [mismatch, setMismatch] = useState(false)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const password = String(form.get('password') ?? '')
    const same = password === String(form.get('confirm') ?? '')
    setMismatch(!same)
    if (same) redeem.mutate({ token, password })
  }

  if (token.length < 20)
    return (
      <section className="card narrow" aria-labelledby="set-password-title">
        <h1 id="set-password-title">This link is not complete</h1>
        <p role="alert">Open the whole link you were sent, or ask your administrator for a new one.</p>
        <Link to="/">Go to sign-in</Link>
      </section>
    )
  if (redeem.isSuccess)
    return (
      <section className="card narrow" aria-labelledby="set-password-title">
        <h1 id="set-password-title">Your password is set</h1>
        <p role="status">The link is used up. Sign in with your e-mail address and the new password.</p>
        <Link to="/">Sign in</Link>
      </section>
    )
  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="set-password-title">
      <h1 id="set-password-title">Choose your password</h1>
      <p id="password-rules">
        At least {PASSWORD_RULES.minLength} and at most {PASSWORD_RULES.maxLength} characters. A few unrelated words make a strong,
        memorable password. Setting it ends every other session of your account.
      </p>
      <NewPasswordFields rulesId="password-rules" repeatLabel="Repeat the password" />
      {mismatch && <p role="alert">The two passwords differ.</p>}
      {redeem.isError && <p role="alert">{messageFor(redeem.error)}</p>}
      <button type="submit" disabled={redeem.isPending}>
        Set password
      </button>
    </form>
  )
}
