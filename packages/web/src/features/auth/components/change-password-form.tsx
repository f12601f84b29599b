import { type FormEvent, useState } from 'react'
import { ApiError } from '../../../lib/api-client.js'
import { PASSWORD_RULES, useChangePassword } from '../api/session.js'
import { NewPasswordFields } from './new-password-fields.js'

function messageFor(error: Error): string {
  if (error instanceof ApiError && error.code === 'AUTH_FORBIDDEN') return 'The current password is wrong.'
  if (error instanceof ApiError && error.code === 'RATE_LIMITED') return 'Too many attempts from this address. Wait a minute and try again.'
  return error.message
}

/**
 * Change your own password: the current one, the new one twice. The server checks its rules
 * and the current password, records the change in the audit log and ends every session of
 * the account, so the app returns to sign-in.
 */
export function ChangePasswordForm() {
  const change = useChangePassword()
  const [problem, setProblem] = useState<string>()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const current = String(form.get('current') ?? '')
    const password = String(form.get('password') ?? '')
    if (password !== String(form.get('confirm') ?? '')) return setProblem('The two new passwords differ.')
    if (password === current) return setProblem('The new password is the same as the current one.')
    setProblem(undefined)
    change.mutate({ current, password })
  }
  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="change-password-title">
      <h1 id="change-password-title">Change your password</h1>
      <p id="change-password-rules">
        At least {PASSWORD_RULES.minLength} and at most {PASSWORD_RULES.maxLength} characters. A few unrelated words make a strong,
        memorable password. Changing it ends every session of your account, this one too: you sign in again with the new password.
      </p>
      <label htmlFor="current-password">Current password</label>
      <input id="current-password" name="current" type="password" autoComplete="current-password" required />
      <NewPasswordFields rulesId="change-password-rules" repeatLabel="Repeat the new password" />
      {problem && <p role="alert">{problem}</p>}
      {change.isError && <p role="alert">{messageFor(change.error)}</p>}
      <button type="submit" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  )
}
