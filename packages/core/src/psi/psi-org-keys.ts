import { ed25519 } from '@noble/curves/ed25519.js'
import { type OrgId, type PsiOrgKey, PsiOrgKeyRegistration } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { requirePermission } from '../auth/require-permission.js'
import { VigilError } from '../shared/errors.js'
import type { PsiDeps, PsiKeyRecord } from './psi-session-ports.js'
import { psiKeyFingerprint } from './psi-signature.js'
import { base64ToBytes, bytesToBase64 } from './psi-wire.js'

/** A stored key as the API shows it, with its fingerprint. */
export function viewPsiKey(key: PsiKeyRecord): PsiOrgKey {
  return {
    orgId: key.orgId,
    publicKey: bytesToBase64(key.publicKey),
    fingerprint: psiKeyFingerprint(key.publicKey),
    createdAt: key.createdAt.toISOString(),
  }
}

/**
 * Registers the public half of the actor's organisation's PSI signing key, replacing any
 * earlier one (audited with both fingerprints). The secret half stays with the organisation.
 *
 * @example
 * await registerPsiKey(deps, actor, { publicKey: 'base64…' }) // { orgId, publicKey, fingerprint, createdAt }
 */
export async function registerPsiKey(deps: PsiDeps, actor: Actor, input: PsiOrgKeyRegistration): Promise<PsiOrgKey> {
  requirePermission(actor, 'psi:run')
  if (actor.kind !== 'user')
    throw new VigilError('AUTH_FORBIDDEN', 'a PSI key belongs to an organisation; register it as one of its members')
  const publicKey = base64ToBytes(PsiOrgKeyRegistration.parse(input).publicKey, 32, 'a PSI public key is 32 bytes of base64')
  try {
    ed25519.Point.fromBytes(publicKey)
  } catch {
    throw new VigilError('VALIDATION_FAILED', 'the PSI public key is not an Ed25519 point')
  }
  const now = deps.clock.now()
  const previous = await deps.keys.find(actor.orgId)
  const key: PsiKeyRecord = { orgId: actor.orgId, publicKey, createdAt: now, createdBy: actor.userId }
  const fingerprint = psiKeyFingerprint(publicKey)
  await deps.keys.put(
    key,
    {
      actor,
      action: 'psi.key.registered',
      target: { type: 'org', id: actor.orgId },
      outcome: 'success',
      details: { fingerprint, replaced: previous ? psiKeyFingerprint(previous.publicKey) : null },
    },
    now,
  )
  return viewPsiKey(key)
}

/** An organisation's current PSI key, for a member of any organisation to check and verify with. */
export async function getPsiKey(deps: PsiDeps, actor: Actor, orgId: OrgId): Promise<PsiOrgKey> {
  requirePermission(actor, 'psi:run')
  const key = await deps.keys.find(orgId)
  if (!key) throw new VigilError('NOT_FOUND', 'this organisation has no PSI key', { orgId })
  return viewPsiKey(key)
}

/**
 * The public key of a peer's PSI key as the server relayed it, once its fingerprint matches
 * the one the peer gave out of band (spaces and case ignored). A server that swapped the key
 * is caught here: throws `PSI_SIGNATURE_INVALID`.
 *
 * @example
 * const peerKey = trustedPeerKey(await client.psiKey(peerOrgId), '3f9a…')
 */
export function trustedPeerKey(key: PsiOrgKey, expectedFingerprint: string): Uint8Array {
  const publicKey = base64ToBytes(key.publicKey, 32, 'a PSI public key is 32 bytes of base64')
  const expected = expectedFingerprint.replace(/[\s:]/g, '').toLowerCase()
  if (psiKeyFingerprint(publicKey) !== expected) {
    throw new VigilError(
      'PSI_SIGNATURE_INVALID',
      `the server relayed a PSI key for organisation ${key.orgId} whose fingerprint is not the one given out of band`,
      { orgId: key.orgId },
    )
  }
  return publicKey
}
