import { type FormEvent, useState } from 'react'
import { ApiError } from '../../../lib/api-client.js'
import { useSignIn } from '../api/session.js'

function messageFor(error: Error): string {
  if (!(error instanceof ApiError)) return error.message
  switch (error.code) {
    case 'AUTH_SECOND_FACTOR_REQUIRED':
      return 'Enter the 6-digit code from your authenticator app (or a recovery code).'
    case 'AUTH_ACCOUNT_LOCKED':
      return error.message
    case 'RATE_LIMITED':
      return 'Too many attempts from this address. Wait a minute and try again.'
    default:
      return 'The e-mail address, password or code is not right.'
  }
}

/** E-mail, password and, when the account has one, the second factor; `notice` says why sign-in is asked again. */
export function SignInForm({ notice }: { readonly notice?: string }) {
  const signIn = useSignIn()
  const [needsCode, setNeedsCode] = useState(false)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const secondFactor = String(form.get('secondFactor') ?? '').trim()
    signIn.mutate(
      { email: String(form.get('email')), password: String(form.get('password')), ...(secondFactor ? { secondFactor } : {}) },
      {
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'AUTH_SECOND_FACTOR_REQUIRED') setNeedsCode(true)
        },
      },
    )
  }

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Vigil</h1>
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      <label htmlFor="email">E-mail</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {needsCode && (
        <>
          <label htmlFor="secondFactor">Authenticator code</label>
          <input id="secondFactor" name="secondFactor" inputMode="numeric" autoComplete="one-time-code" required />
        </>
      )}
      {signIn.isError && <p role="alert">{messageFor(signIn.error)}</p>}
      <button type="submit" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
