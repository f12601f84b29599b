import type { UserId } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import { type Actor, systemActor } from './actor.js'
import { requirePermission } from './require-permission.js'
import { hashSecret, toBase64Url } from './secret-hash.js'
import type { NewOneTimeLink, SignInDeps } from './sign-in-ports.js'
import { findManagedUser } from './user-admin.js'

/** How long each kind of link works. */
export const LINK_LIFETIME_MS: Readonly<Record<NewOneTimeLink['purpose'], number>> = {
  invitation: 7 * 24 * 60 * 60 * 1000,
  'password-reset': 60 * 60 * 1000,
}

/** The smallest password Vigil accepts (NIST SP 800-63B asks for at least 8; we ask for 12). */
export const MIN_PASSWORD_LENGTH = 12

/**
 * Issues a one-time link for a user the actor manages: an invitation (to set a first
 * password) or a password reset. Returns the token, to be put in a link and sent by the
 * actor; only its hash is kept.
 *
 * @example
 * const { token, expiresAt } = await issueOneTimeLink(deps, orgAdmin, userId, 'invitation')
 */
export async function issueOneTimeLink(
  deps: SignInDeps,
  actor: Actor,
  userId: UserId,
  purpose: NewOneTimeLink['purpose'],
): Promise<{ readonly token: string; readonly expiresAt: Date }> {
  requirePermission(actor, 'org:manage')
  const user = await findManagedUser(deps, actor, userId)
  if (user.status !== 'active') throw new VigilError('CONFLICT', 'this user is suspended')
  const now = deps.clock.now()
  const token = toBase64Url(deps.random.bytes(32))
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[purpose])
  await deps.signIn.insertOneTimeLink(
    { tokenHash: hashSecret(token), purpose, userId, expiresAt },
    {
      actor,
      action: purpose === 'invitation' ? 'auth.invitation.create' : 'auth.password-reset.create',
      target: { type: 'user', id: userId },
      outcome: 'success',
      details: { expiresAt: expiresAt.toISOString() },
    },
    now,
  )
  return { token, expiresAt }
}

/**
 * Redeems a one-time link with a new password: it works once, before it expires, for an
 * active user. The password is set, any lock lifted and every session of the user ended.
 *
 * @example
 * await redeemOneTimeLink(deps, tokenFromLink, 'a new long password')
 */
export async function redeemOneTimeLink(deps: SignInDeps, token: string, password: string): Promise<void> {
  checkPasswordRules(password)
  const now = deps.clock.now()
  const link = await deps.signIn.consumeOneTimeLink(hashSecret(token), now)
  if (!link) throw new VigilError('AUTH_UNAUTHENTICATED', 'this link is invalid, used or expired')
  const user = await deps.store.findUser(link.userId)
  if (user?.status !== 'active') throw new VigilError('AUTH_UNAUTHENTICATED', 'this account is suspended')
  await deps.signIn.setPassword(
    link.userId,
    await deps.passwords.hash(password),
    {
      actor: systemActor('one-time-link'),
      action: link.purpose === 'invitation' ? 'auth.invitation.accept' : 'auth.password.reset',
      target: { type: 'user', id: link.userId },
      outcome: 'success',
    },
    now,
  )
}

/**
 * Changes the actor's own password, given the current one; every session of the user ends,
 * so a stolen cookie dies with the old password (the caller signs in again).
 *
 * @example
 * await changePassword(deps, actor, 'old password…', 'new password…')
 */
export async function changePassword(deps: SignInDeps, actor: Actor, current: string, next: string): Promise<void> {
  if (actor.kind !== 'user') throw new VigilError('AUTH_FORBIDDEN', 'only a user has a password')
  checkPasswordRules(next)
  const record = await deps.signIn.findLoginRecord(actor.email)
  if (!record?.passwordHash || !(await deps.passwords.verify(current, record.passwordHash))) {
    throw new VigilError('AUTH_FORBIDDEN', 'the current password is wrong')
  }
  await deps.signIn.setPassword(
    actor.userId,
    await deps.passwords.hash(next),
    { actor, action: 'auth.password.change', target: { type: 'user', id: actor.userId }, outcome: 'success' },
    deps.clock.now(),
  )
}

function checkPasswordRules(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new VigilError('VALIDATION_FAILED', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  if (password.length > 1024) throw new VigilError('VALIDATION_FAILED', 'a password may have at most 1024 characters')
}
