import { randomBytes, randomUUID } from 'node:crypto'
import { FpIsSquare } from '@noble/curves/abstract/modular.js'
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { isVigilError } from '../shared/errors.js'
import { nobleX25519Group as group } from './noble-x25519-group.js'
import { hashToGroup, isValidElement, psiHashTag, selectorMessage } from './psi-element.js'

const tag = psiHashTag({ sessionId: randomUUID(), initiatorOrgId: randomUUID(), responderOrgId: randomUUID() })
const Fp = ed25519.Point.Fp
const P = Fp.ORDER
const le = (n: bigint) => {
  const out = new Uint8Array(32)
  for (let i = 0, v = n; i < 32; i++, v >>= 8n) out[i] = Number(v & 0xffn)
  return out
}

const onCurve = (u: bigint) => FpIsSquare(Fp, Fp.add(Fp.mul(Fp.add(Fp.mul(u, u), Fp.mul(486662n, u)), u), u))
/** The first u (from 2) whose point lies on the quadratic twist rather than the curve. */
function twistU(): bigint {
  for (let u = 2n; ; u++) if (!onCurve(u)) return u
}
/** The first u (from 2) on the curve: below 19, so that u + p still fits in 255 bits. */
function curveU(): bigint {
  for (let u = 2n; ; u++) if (onCurve(u)) return u
}

describe('hash to group', () => {
  it('gives the Montgomery form of the RFC 9380 edwards25519 hash', () => {
    const messages = ['a@b.org', 'c@d.org', 'e@f.org'].map((m) => selectorMessage('email', m))
    const packed = hashToGroup(tag, messages)
    messages.forEach((m, i) => {
      const expected = ed25519.utils.toMontgomery(ed25519_hasher.hashToCurve(m, { DST: tag }).toBytes())
      expect(packed.subarray(i * 32, i * 32 + 32)).toEqual(expected)
      expect(isValidElement(packed, i * 32)).toBe(true)
    })
  })
})

describe('element validation', () => {
  const bad: [string, Uint8Array][] = [
    ['zero (order 2)', le(0n)],
    ['one (order 4)', le(1n)],
    ['a point of order 8', le(325606250916557431795983626356110631294008115727848805560023387167927233504n)],
    ['p - 1', le(P - 1n)],
    ['a twist point', le(twistU())],
    ['a non-canonical encoding (u + p)', le(curveU() + P)],
    [
      'the top bit set',
      (() => {
        const b = hashToGroup(tag, [selectorMessage('email', 'a@b.org')])
        b[31] = (b[31] ?? 0) | 0x80
        return b
      })(),
    ],
  ]

  it.each(bad)('refuses %s', async (_, element) => {
    expect(isValidElement(element, 0)).toBe(false)
    const err = await group.blind(new Uint8Array(randomBytes(32)), element).catch((e: unknown) => e)
    expect(isVigilError(err, 'PSI_INVALID_MESSAGE')).toBe(true)
  })

  it('builds its non-canonical case from a valid element', () => {
    expect(curveU()).toBeLessThan(19n)
    expect(isValidElement(le(curveU()), 0)).toBe(true)
  })

  it('refuses a short element', () => {
    expect(isValidElement(new Uint8Array(31), 0)).toBe(false)
  })
})
