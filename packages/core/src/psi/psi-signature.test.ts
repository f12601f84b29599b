import { randomBytes, randomUUID } from 'node:crypto'
import { PSI_PROTOCOL, type PsiOrgKey } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { isVigilError } from '../shared/errors.js'
import type { Random } from '../shared/random.js'
import { trustedPeerKey } from './psi-org-keys.js'
import { generatePsiKeyPair, type PsiStepMessage, psiKeyFingerprint, signPsiMessage, verifyPsiMessage } from './psi-signature.js'
import { bytesToBase64, toWire } from './psi-wire.js'

const random: Random = { uuid: randomUUID, bytes: (n) => new Uint8Array(randomBytes(n)) }
const binding = { sessionId: randomUUID(), initiatorOrgId: randomUUID(), responderOrgId: randomUUID() }
const first: PsiStepMessage = {
  step: 'initiator-message',
  message: { protocol: PSI_PROTOCOL, kind: 'phone', blinded: toWire(new Uint8Array(randomBytes(64))) },
}

function refusal(f: () => void): unknown {
  try {
    f()
  } catch (err) {
    return err
  }
  return undefined
}

describe('PSI message signatures', () => {
  const { secretKey, publicKey } = generatePsiKeyPair(random)
  const signature = signPsiMessage(secretKey, binding, first)

  it('verifies a message signed for its session, organisations and step', () => {
    expect(() => verifyPsiMessage(publicKey, binding, first, signature)).not.toThrow()
  })

  it.each([
    ['another session', { ...binding, sessionId: randomUUID() }, first],
    ['another initiator', { ...binding, initiatorOrgId: randomUUID() }, first],
    ['another responder', { ...binding, responderOrgId: randomUUID() }, first],
    ['another step', binding, { step: 'outcome', message: { protocol: PSI_PROTOCOL } } as PsiStepMessage],
    ['altered content', binding, { ...first, message: { ...first.message, kind: 'email' } } as PsiStepMessage],
  ])('refuses it for %s', (_, b, m) => {
    expect(
      isVigilError(
        refusal(() => verifyPsiMessage(publicKey, b, m, signature)),
        'PSI_SIGNATURE_INVALID',
      ),
    ).toBe(true)
  })

  it("refuses another organisation's signature, and a signature that is not 64 bytes", () => {
    const other = generatePsiKeyPair(random)
    const forged = signPsiMessage(other.secretKey, binding, first)
    expect(
      isVigilError(
        refusal(() => verifyPsiMessage(publicKey, binding, first, forged)),
        'PSI_SIGNATURE_INVALID',
      ),
    ).toBe(true)
    expect(
      isVigilError(
        refusal(() => verifyPsiMessage(publicKey, binding, first, 'AAAA')),
        'PSI_INVALID_MESSAGE',
      ),
    ).toBe(true)
  })

  it('trusts a relayed key only when its fingerprint is the one given out of band', () => {
    const key: PsiOrgKey = {
      orgId: binding.responderOrgId as PsiOrgKey['orgId'],
      publicKey: bytesToBase64(publicKey),
      fingerprint: psiKeyFingerprint(publicKey),
      createdAt: new Date().toISOString(),
    }
    expect(trustedPeerKey(key, psiKeyFingerprint(publicKey).toUpperCase())).toEqual(publicKey)
    const swapped = { ...key, publicKey: bytesToBase64(generatePsiKeyPair(random).publicKey) }
    expect(
      isVigilError(
        refusal(() => trustedPeerKey(swapped, key.fingerprint)),
        'PSI_SIGNATURE_INVALID',
      ),
    ).toBe(true)
  })
})
