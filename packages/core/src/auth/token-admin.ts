import type { ApiToken, ApiTokenId, ApiTokenInput, CreatedApiToken, UserId } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import type { Actor } from './actor.js'
import type { AuthDeps } from './auth-ports.js'
import { hashSecret, toBase64Url } from './secret-hash.js'
import { findManagedUser } from './user-admin.js'

/** Every API token starts so, which lets secret scanners recognise a leaked one. */
export const API_TOKEN_PREFIX = 'vgl_'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Creates an API token for `userId` (the actor itself, or a user of an organisation the
 * actor manages). The secret is returned this once; only its hash is stored.
 *
 * @example
 * const { token, secret } = await createApiToken(deps, actor, actor.userId, { name: 'taxii-pull', expiresInDays: 90 })
 */
export async function createApiToken(deps: AuthDeps, actor: Actor, userId: UserId, input: ApiTokenInput): Promise<CreatedApiToken> {
  const user = await findManagedUser(deps, actor, userId)
  if (user.status !== 'active') throw new VigilError('CONFLICT', 'a suspended user cannot be given tokens', { userId })
  const now = deps.clock.now()
  const id = deps.random.uuid() as ApiTokenId
  const secret = `${API_TOKEN_PREFIX}${toBase64Url(deps.random.bytes(32))}`
  const expiresAt = input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS)
  const token = await deps.store.insertApiToken(
    { id, userId, name: input.name, prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6), tokenHash: hashSecret(secret), expiresAt },
    {
      actor,
      action: 'auth.token.create',
      target: { type: 'api-token', id },
      outcome: 'success',
      details: { userId, name: input.name, expiresAt: expiresAt?.toISOString() ?? null },
    },
    now,
  )
  return { token, secret }
}

/** The tokens of a user the actor may administer (its own included), revoked ones too. */
export async function listApiTokens(deps: AuthDeps, actor: Actor, userId: UserId): Promise<ApiToken[]> {
  await findManagedUser(deps, actor, userId)
  return deps.store.listApiTokens(userId)
}

/**
 * Revokes a token; it is refused from the next request on. Revoking twice changes nothing.
 *
 * @example
 * await revokeApiToken(deps, actor, tokenId)
 */
export async function revokeApiToken(deps: AuthDeps, actor: Actor, id: ApiTokenId): Promise<ApiToken> {
  const token = await deps.store.findApiToken(id)
  if (!token) throw new VigilError('NOT_FOUND', `no token ${id}`, { tokenId: id })
  await findManagedUser(deps, actor, token.userId).catch(() => {
    throw new VigilError('NOT_FOUND', `no token ${id}`, { tokenId: id })
  })
  if (token.revokedAt !== null) return token
  const revoked = await deps.store.revokeApiToken(
    id,
    { actor, action: 'auth.token.revoke', target: { type: 'api-token', id }, outcome: 'success', details: { userId: token.userId } },
    deps.clock.now(),
  )
  if (!revoked) throw new VigilError('NOT_FOUND', `no token ${id}`, { tokenId: id })
  return revoked
}
