import { PASSWORD_RULES } from '../api/session.js'

/**
 * The new password and its repetition, with the server's length rules, for every form that
 * sets a password (an invitation or reset link, a change of one's own).
 */
export function NewPasswordFields({ rulesId, repeatLabel }: { readonly rulesId: string; readonly repeatLabel: string }) {
  return (
    <>
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_RULES.minLength}
        maxLength={PASSWORD_RULES.maxLength}
        aria-describedby={rulesId}
        required
      />
      <label htmlFor="confirm-password">{repeatLabel}</label>
      <input id="confirm-password" name="confirm" type="password" autoComplete="new-password" required />
    </>
  )
}
