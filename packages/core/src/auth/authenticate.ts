import type { ApiToken } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import type { Actor } from './actor.js'
import type { AuthDeps, Principal } from './auth-ports.js'
import { hashSecret } from './secret-hash.js'

/** Why a credential was refused. */
export type CredentialRefusal = 'unknown' | 'revoked' | 'expired' | 'user-suspended' | 'org-suspended'

const REFUSAL_MESSAGES: Readonly<Record<CredentialRefusal, string>> = {
  unknown: 'invalid credentials',
  revoked: 'this credential was revoked',
  expired: 'this credential has expired',
  'user-suspended': 'this account is suspended',
  'org-suspended': "this account's organisation is suspended",
}

// Token use is audited at most once per token in this interval, so an API client polling
// every second does not write an audit entry per call.
const TOKEN_USE_AUDIT_INTERVAL_MS = 15 * 60 * 1000

/**
 * Whether a principal may act now: suspension of the user or its organisation refuses it.
 *
 * @example
 * refusePrincipal({ user, org }) // null when both are active
 */
export function refusePrincipal(p: Principal): CredentialRefusal | null {
  if (p.org.status !== 'active') return 'org-suspended'
  if (p.user.status !== 'active') return 'user-suspended'
  return null
}

/** Whether an API token may be used at `now`. */
export function refuseApiToken(token: ApiToken, now: Date): CredentialRefusal | null {
  if (token.revokedAt !== null) return 'revoked'
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return 'expired'
  return null
}

/** The actor a principal acts as on this request. */
export function actorFor(p: Principal, via: 'session' | 'token' | 'basic' | 'cli'): Extract<Actor, { kind: 'user' }> {
  return Object.freeze({
    kind: 'user',
    userId: p.user.id,
    email: p.user.email,
    orgId: p.org.id,
    orgKind: p.org.kind,
    roles: Object.freeze([...p.user.roles]),
    via,
  })
}

/** Throws the one `AUTH_UNAUTHENTICATED` error for a refusal. */
export function refuse(reason: CredentialRefusal): never {
  throw new VigilError('AUTH_UNAUTHENTICATED', REFUSAL_MESSAGES[reason], { reason })
}

/**
 * Resolves an API token (Bearer, or HTTP Basic with the owner's e-mail) to its actor,
 * refusing revoked, expired and suspended ones at once, and records its use.
 *
 * @example
 * const actor = await authenticateApiToken(deps, 'vgl_…', { via: 'token' })
 */
export async function authenticateApiToken(
  deps: AuthDeps,
  secret: string,
  how: { readonly via: 'token' | 'basic'; readonly email?: string; readonly requestId?: string },
): Promise<Actor> {
  const found = await deps.store.findTokenPrincipal(hashSecret(secret))
  if (!found || (how.email !== undefined && found.user.email !== how.email.trim().toLowerCase())) return refuse('unknown')
  const now = deps.clock.now()
  const refusal = refuseApiToken(found.token, now) ?? refusePrincipal(found)
  if (refusal) return refuse(refusal)
  const actor = actorFor(found, how.via)
  const last = found.token.lastUsedAt === null ? 0 : Date.parse(found.token.lastUsedAt)
  if (now.getTime() - last >= TOKEN_USE_AUDIT_INTERVAL_MS) {
    await deps.store.touchApiToken(found.token.id, now, {
      actor,
      action: 'auth.token.use',
      target: { type: 'api-token', id: found.token.id },
      outcome: 'success',
      details: { via: how.via },
      ...(how.requestId ? { requestId: how.requestId } : {}),
    })
  }
  return actor
}

/**
 * Resolves a session cookie's value to its actor; an expired or revoked session, or a
 * suspended user or organisation, is refused at once. A session still waiting for TOTP
 * enrolment acts only where `allowPending` (the enrolment routes).
 */
export async function authenticateSession(
  deps: AuthDeps,
  sessionSecret: string,
  options: { readonly allowPending?: boolean } = {},
): Promise<{ readonly actor: Actor; readonly pending: 'totp-enrolment' | null }> {
  const found = await deps.store.findSessionPrincipal(hashSecret(sessionSecret))
  if (!found) return refuse('unknown')
  if (found.session.revokedAt !== null) return refuse('revoked')
  if (found.session.expiresAt.getTime() <= deps.clock.now().getTime()) return refuse('expired')
  const refusal = refusePrincipal(found)
  if (refusal) return refuse(refusal)
  if (found.session.pending && !options.allowPending) {
    throw new VigilError('AUTH_SECOND_FACTOR_REQUIRED', 'set up two-factor authentication before going on', {
      pending: found.session.pending,
    })
  }
  return { actor: actorFor(found, 'session'), pending: found.session.pending }
}
