import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto'
import { PSI_ELEMENT_BYTES } from '@vigil/contracts'
import { assertValidElements, hashToGroup } from '@vigil/core'

// DER wrappers of raw X25519 keys (RFC 8410): node:crypto takes keys only as KeyObjects.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex')
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex')

function privateKey(secret: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secret]), format: 'der', type: 'pkcs8' })
}

function multiplyAll(secret: Uint8Array, packed: Uint8Array): Uint8Array {
  const key = privateKey(secret)
  const out = new Uint8Array(packed.length)
  const spki = Buffer.alloc(SPKI_PREFIX.length + PSI_ELEMENT_BYTES)
  SPKI_PREFIX.copy(spki)
  for (let offset = 0; offset < packed.length; offset += PSI_ELEMENT_BYTES) {
    spki.set(packed.subarray(offset, offset + PSI_ELEMENT_BYTES), SPKI_PREFIX.length)
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' })
    out.set(diffieHellman({ privateKey: key, publicKey }), offset)
  }
  return out
}

/** Hash to the group and multiply, natively: one batch, on the calling thread. */
export function hashAndBlindBatch(secret: Uint8Array, tag: string, messages: readonly Uint8Array[]): Uint8Array {
  return multiplyAll(secret, hashToGroup(tag, messages))
}

/** Check and multiply received elements, natively: one batch, on the calling thread. */
export function blindBatch(secret: Uint8Array, packed: Uint8Array): Uint8Array {
  assertValidElements(packed, 'received elements')
  return multiplyAll(secret, packed)
}
