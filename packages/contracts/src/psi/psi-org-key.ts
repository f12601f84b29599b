import { z } from 'zod'
import { OrgId } from '../auth/identity.js'

/**
 * An organisation's PSI signing key (Ed25519), as the server holds and shows it. The other
 * organisation checks `fingerprint` out of band (by phone, in person) before trusting it:
 * the server relays the key, so it must not be the only one vouching for it.
 *
 * @example
 * PsiOrgKey.parse({ orgId, publicKey: '…', fingerprint: '3f9a…', createdAt: '2026-06-01T08:00:00.000Z' })
 */
export const PsiOrgKey = z.object({
  orgId: OrgId,
  /** The 32-byte Ed25519 public key, base64. */
  publicKey: z.base64().length(44),
  /** SHA-256 of the public key, 64 hex digits. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime(),
})
export type PsiOrgKey = z.infer<typeof PsiOrgKey>

/**
 * `PUT /api/v1/psi/key`: registers the caller's organisation's PSI public key, replacing
 * any earlier one. The secret key never leaves the organisation.
 *
 * @example
 * PsiOrgKeyRegistration.parse({ publicKey: '…' })
 */
export const PsiOrgKeyRegistration = z.strictObject({ publicKey: z.base64().length(44) })
export type PsiOrgKeyRegistration = z.infer<typeof PsiOrgKeyRegistration>

/**
 * The file `vigil psi key create` writes (mode 0600): the organisation's PSI key pair. The
 * secret key never leaves it.
 *
 * @example
 * PsiKeyFile.parse(JSON.parse(await readFile('psi-key.json', 'utf8')))
 */
export const PsiKeyFile = z.strictObject({
  orgId: OrgId,
  /** The 32-byte Ed25519 secret key, base64. */
  secretKey: z.base64().length(44),
  publicKey: z.base64().length(44),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
})
export type PsiKeyFile = z.infer<typeof PsiKeyFile>
