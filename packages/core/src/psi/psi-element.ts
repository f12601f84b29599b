import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { SelectorKind } from '@vigil/contracts'
import { PSI_ELEMENT_BYTES, PSI_NORMALISATION_RULES } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'

/** The RFC 9380 suite Vigil's PSI hashes with; it ends every domain-separation tag. */
export const PSI_HASH_SUITE = 'edwards25519_XMD:SHA-512_ELL2_RO_'

/** What every element of a session is bound to: the session and its two organisations. */
export interface PsiBinding {
  readonly sessionId: string
  readonly initiatorOrgId: string
  readonly responderOrgId: string
}

/**
 * The binding of a session as the server describes it.
 *
 * @example
 * startInitiator(group, random, sessionBinding(session), session.kind, selectors, limits)
 */
export function sessionBinding(session: {
  readonly id: string
  readonly initiatorOrgId: string
  readonly responderOrgId: string
}): PsiBinding {
  return { sessionId: session.id, initiatorOrgId: session.initiatorOrgId, responderOrgId: session.responderOrgId }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * The RFC 9380 domain-separation tag of one session: the protocol, the version of the
 * normalisation rules, the session id and both organisations. Elements hashed for one
 * session never match elements of another (a spliced message matches nothing), and two
 * instances on different normalisation rules never compare their elements.
 *
 * @example
 * psiHashTag({ sessionId, initiatorOrgId, responderOrgId }) // 'vigil-psi-v2;norm-2;<session>;<initiator>;<responder>:edwards25519_XMD:SHA-512_ELL2_RO_'
 */
export function psiHashTag(binding: PsiBinding): string {
  const ids = [binding.sessionId, binding.initiatorOrgId, binding.responderOrgId]
  if (!ids.every((id) => UUID.test(id)))
    throw new VigilError('PSI_INVALID_MESSAGE', 'a PSI session and its organisations are named by UUIDs')
  return `vigil-psi-v2;norm-${PSI_NORMALISATION_RULES};${ids.join(';')}:${PSI_HASH_SUITE}`
}

const Fp = ed25519.Point.Fp
const P = Fp.ORDER
const A = 486662n // Curve25519: v^2 = u^3 + A u^2 + u
// The u-coordinates of Curve25519's points of order 1, 2, 4 and 8 and their twins modulo p
// (RFC 7748 section 6.1): multiplying them gives no secret-dependent information, only zero.
const SMALL_ORDER = new Set<bigint>([
  0n,
  1n,
  P - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
])

/**
 * The bytes both sides hash for one normalised selector: the kind, so that an e-mail and
 * an account with the same text never collide, then the value.
 *
 * @example
 * selectorMessage('email', 'a@b.org')
 */
export function selectorMessage(kind: SelectorKind, value: string): Uint8Array {
  return utf8ToBytes(`${kind}\u0000${value}`)
}

/**
 * Hashes messages to the prime-order subgroup of Curve25519 with RFC 9380
 * `edwards25519_XMD:SHA-512_ELL2_RO_` under `tag` (see {@link psiHashTag}; a random oracle
 * into the group, cofactor cleared) and
 * returns their Montgomery u-coordinates, packed. The Edwards-to-Montgomery map
 * u = (Z + Y) / (Z - Y) shares one inversion across the batch.
 *
 * @example
 * hashToGroup(psiHashTag(binding), [selectorMessage('phone', '+15550100000')]).length // 32
 */
export function hashToGroup(tag: string, messages: readonly Uint8Array[]): Uint8Array {
  const points = messages.map((m) => ed25519_hasher.hashToCurve(m, { DST: tag }))
  // Z - Y is never zero: that would be y = 1, the identity, which the hash reaches with negligible probability.
  const inverses = Fp.invertBatch(points.map((p) => Fp.sub(p.Z, p.Y)))
  const out = new Uint8Array(messages.length * PSI_ELEMENT_BYTES)
  points.forEach((p, i) => {
    out.set(Fp.toBytes(Fp.mul(Fp.add(p.Z, p.Y), inverses[i] ?? 0n)), i * PSI_ELEMENT_BYTES)
  })
  return out
}

function readU(packed: Uint8Array, offset: number): bigint {
  let u = 0n
  for (let i = PSI_ELEMENT_BYTES - 1; i >= 0; i--) u = (u << 8n) | BigInt(packed[offset + i] ?? 0)
  return u
}

/**
 * True when the 32 bytes at `offset` are an element an honest peer could have sent: the
 * canonical encoding (top bit clear, below p) of a point on Curve25519 itself (not its
 * twist) that is not of small order. Honest elements are always in the prime-order
 * subgroup; a peer sending anything else is refused rather than answered.
 *
 * @example
 * isValidElement(hashToGroup(tag, [selectorMessage('email', 'a@b.org')]), 0) // true
 */
export function isValidElement(packed: Uint8Array, offset: number): boolean {
  if (offset + PSI_ELEMENT_BYTES > packed.length) return false
  const u = readU(packed, offset)
  if (u >= P || SMALL_ORDER.has(u)) return false
  const rhs = Fp.add(Fp.mul(Fp.add(Fp.mul(u, u), Fp.mul(A, u)), u), u)
  // Euler's criterion: rhs is a non-zero square exactly when rhs^((p-1)/2) = 1.
  return Fp.pow(rhs, (P - 1n) / 2n) === 1n
}

/**
 * Throws `PSI_INVALID_MESSAGE` unless `packed` is a whole number of elements, every one
 * valid (see {@link isValidElement}). `what` names the list in the error.
 */
export function assertValidElements(packed: Uint8Array, what: string): void {
  if (packed.length % PSI_ELEMENT_BYTES !== 0) {
    throw new VigilError(
      'PSI_INVALID_MESSAGE',
      `${what}: ${packed.length} bytes is not a whole number of ${PSI_ELEMENT_BYTES}-byte elements`,
    )
  }
  for (let offset = 0; offset < packed.length; offset += PSI_ELEMENT_BYTES) {
    if (!isValidElement(packed, offset)) {
      throw new VigilError('PSI_INVALID_MESSAGE', `${what}: element ${offset / PSI_ELEMENT_BYTES} is not a valid group element`, {
        index: offset / PSI_ELEMENT_BYTES,
      })
    }
  }
}
