import { z } from 'zod'
import { UserId } from './identity.js'

/** An API token's id (not the token itself, which is shown once and stored only as a hash). */
export const ApiTokenId = z.uuid().brand<'ApiTokenId'>()
export type ApiTokenId = z.infer<typeof ApiTokenId>

/**
 * An API token as listed: its name, a recognisable prefix and its lifetime; never the secret.
 *
 * @example
 * { id, userId, name: 'taxii-pull', prefix: 'vgl_Ab12', createdAt, expiresAt: null, lastUsedAt: null, revokedAt: null }
 */
export const ApiToken = z.object({
  id: ApiTokenId,
  userId: UserId,
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
})
export type ApiToken = z.infer<typeof ApiToken>

/**
 * What it takes to create a token; without `expiresInDays` it does not expire.
 *
 * @example
 * ApiTokenInput.parse({ name: 'taxii-pull', expiresInDays: 90 })
 */
export const ApiTokenInput = z.object({
  name: z.string().trim().min(1).max(100).default('default'),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
})
export type ApiTokenInput = z.infer<typeof ApiTokenInput>

/**
 * A token just created: the record and the secret, which is shown this once.
 *
 * @example
 * { token: { id, name, … }, secret: 'vgl_…' }
 */
export const CreatedApiToken = z.object({ token: ApiToken, secret: z.string() })
export type CreatedApiToken = z.infer<typeof CreatedApiToken>

/** `POST /api/v1/tokens`: a token for oneself, or (for those who manage its organisation) for `userId`. */
export const ApiTokenRequest = ApiTokenInput.extend({ userId: UserId.optional() })
export type ApiTokenRequest = z.infer<typeof ApiTokenRequest>
