import { VigilError } from '../shared/errors.js'
import type { Actor } from './actor.js'
import { hashSecret } from './secret-hash.js'
import { normalizeRecoveryCode } from './sign-in.js'
import type { SignInDeps } from './sign-in-ports.js'
import { generateTotpSecret, totpStep, totpUri } from './totp.js'

/** How many recovery codes a user gets; each works once. */
export const RECOVERY_CODE_COUNT = 10

function signedInUser(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw new VigilError('AUTH_FORBIDDEN', 'only a signed-in user has a second factor')
  return actor
}

/**
 * Starts TOTP enrolment: a new secret for the authenticator app, not yet in force.
 *
 * @example
 * const { secret, uri } = await beginTotpEnrolment(deps, actor) // show uri as a QR code
 */
export async function beginTotpEnrolment(deps: SignInDeps, actor: Actor): Promise<{ readonly secret: string; readonly uri: string }> {
  const user = signedInUser(actor)
  const record = await deps.signIn.findLoginRecord(user.email)
  if (!record) throw new VigilError('NOT_FOUND', 'no such user')
  if (record.user.totpEnabled) throw new VigilError('CONFLICT', 'two-factor authentication is already on for this account')
  const secret = generateTotpSecret(deps.random)
  await deps.signIn.setTotpSecret(user.userId, secret, null, null, deps.clock.now())
  return { secret, uri: totpUri(secret, user.email) }
}

/**
 * Confirms enrolment with a first code: TOTP is then required at every sign-in, the session
 * may act, and the recovery codes are returned this once (only their hashes are kept).
 *
 * @example
 * const { recoveryCodes } = await confirmTotpEnrolment(deps, actor, '123456', cookieValue)
 */
export async function confirmTotpEnrolment(
  deps: SignInDeps,
  actor: Actor,
  code: string,
  sessionSecret?: string,
): Promise<{ readonly recoveryCodes: readonly string[] }> {
  const user = signedInUser(actor)
  const now = deps.clock.now()
  const record = await deps.signIn.findLoginRecord(user.email)
  if (!record?.totpSecret || record.user.totpEnabled) throw new VigilError('CONFLICT', 'start enrolment first')
  const step = totpStep(record.totpSecret, code.trim(), now)
  if (step === null || !(await deps.signIn.claimTotpStep(user.userId, step))) {
    throw new VigilError('VALIDATION_FAILED', 'wrong code; check the time on your device')
  }
  await deps.signIn.setTotpSecret(
    user.userId,
    record.totpSecret,
    now,
    { actor, action: 'auth.totp.enable', outcome: 'success', target: { type: 'user', id: user.userId } },
    now,
  )
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const hex = Array.from(deps.random.bytes(10), (b) => b.toString(16).padStart(2, '0')).join('')
    return hex.match(/.{5}/g)?.join('-') ?? hex
  })
  await deps.signIn.replaceRecoveryCodes(
    user.userId,
    recoveryCodes.map((c) => hashSecret(normalizeRecoveryCode(c))),
    now,
  )
  if (sessionSecret) await deps.signIn.setSessionPending(hashSecret(sessionSecret), null)
  return { recoveryCodes }
}
