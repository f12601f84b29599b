import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { InitiatorBlinded, InitiatorOutcome, ResponderReply } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import type { PsiBinding } from './psi-element.js'
import { base64ToBytes, bytesToBase64 } from './psi-wire.js'

/** A PSI message before it is signed, named by its step. */
export type PsiStepMessage =
  | { readonly step: 'initiator-message'; readonly message: Omit<InitiatorBlinded, 'signature'> }
  | { readonly step: 'responder-message'; readonly message: Omit<ResponderReply, 'signature'> }
  | { readonly step: 'outcome'; readonly message: Omit<InitiatorOutcome, 'signature'> }

function canonicalText(m: PsiStepMessage): string {
  switch (m.step) {
    case 'initiator-message':
      return [m.message.protocol, m.message.kind, m.message.blinded.count, m.message.blinded.data].join('\n')
    case 'responder-message': {
      const { doubleBlinded: d, responderBlinded: r } = m.message
      return [m.message.protocol, d.count, d.data, r.count, r.data].join('\n')
    }
    case 'outcome':
      return [m.message.protocol, m.message.intersectionSize ?? '-'].join('\n')
  }
}

/**
 * SHA-256 of a message's content (everything but its signature), hex: what the signature
 * covers and what the audit log records.
 *
 * @example
 * psiMessageDigest({ step: 'outcome', message: { protocol: PSI_PROTOCOL } }) // '5b1e…'
 */
export function psiMessageDigest(m: PsiStepMessage): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalText(m))))
}

function signedBytes(binding: PsiBinding, m: PsiStepMessage): Uint8Array {
  return utf8ToBytes(
    ['vigil-psi-signature-v1', binding.sessionId, binding.initiatorOrgId, binding.responderOrgId, m.step, psiMessageDigest(m)].join('\n'),
  )
}

/**
 * Signs a message with an organisation's Ed25519 PSI key, over the session id, both
 * organisation ids, the step and the message's SHA-256: the signature is worth nothing in
 * another session, between other organisations, or at another step.
 *
 * @example
 * const signature = signPsiMessage(secretKey, binding, { step: 'initiator-message', message })
 */
export function signPsiMessage(secretKey: Uint8Array, binding: PsiBinding, m: PsiStepMessage): string {
  return bytesToBase64(ed25519.sign(signedBytes(binding, m), secretKey))
}

/**
 * Throws `PSI_SIGNATURE_INVALID` unless `signature` is `publicKey`'s signature of `m` in the
 * session `binding`. A peer calls it before it answers; the server before it stores.
 *
 * @example
 * verifyPsiMessage(peerKey, binding, { step: 'initiator-message', message }, message.signature)
 */
export function verifyPsiMessage(publicKey: Uint8Array, binding: PsiBinding, m: PsiStepMessage, signature: string): void {
  const bytes = base64ToBytes(signature, 64, 'a signature is 64 bytes of base64')
  let valid = false
  try {
    valid = ed25519.verify(bytes, signedBytes(binding, m), publicKey)
  } catch {
    valid = false
  }
  if (!valid) {
    throw new VigilError(
      'PSI_SIGNATURE_INVALID',
      `the ${m.step} of session ${binding.sessionId} is not signed by the expected organisation's PSI key`,
      { sessionId: binding.sessionId, step: m.step },
    )
  }
}

/**
 * A PSI key's fingerprint: SHA-256 of the 32-byte public key, hex. Organisations compare it
 * out of band before trusting a key the server relays.
 *
 * @example
 * psiKeyFingerprint(publicKey) // '3f9a…' (64 hex digits)
 */
export function psiKeyFingerprint(publicKey: Uint8Array): string {
  return bytesToHex(sha256(publicKey))
}

/**
 * A fresh Ed25519 PSI key pair from `random`'s 32 bytes.
 *
 * @example
 * const { secretKey, publicKey } = generatePsiKeyPair(random)
 */
export function generatePsiKeyPair(random: { bytes(n: number): Uint8Array }): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = random.bytes(32)
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) }
}
