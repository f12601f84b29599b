// Chooses PSI's group by measurement, per core: ristretto255 in @noble/curves (pure JS) against
// X25519, where hash-to-group stays in JS (RFC 9380 edwards25519, mapped to Montgomery) and the
// scalar multiplication is node:crypto's native one, as the implementation in storage does it.
// PSI_GROUP_N elements per run (default 2000); each figure is the best of five runs, because
// the machine is shared and the least disturbed run is the closest to its real speed.
import { randomBytes, randomUUID } from 'node:crypto'
import { ristretto255, ristretto255_hasher, x25519 } from '@noble/curves/ed25519.js'
import { hashToGroup, isValidElement, psiHashTag, selectorMessage } from '@vigil/core'
import { blindBatch, hashAndBlindBatch } from '../packages/storage/src/psi/x25519-kernel.js'

const tag = psiHashTag({ sessionId: randomUUID(), initiatorOrgId: randomUUID(), responderOrgId: randomUUID() })
const N = Number(process.env.PSI_GROUP_N ?? 2000)
const messages = Array.from({ length: N }, (_, i) => selectorMessage('phone', `+1555${String(i).padStart(7, '0')}`))

function rate(label: string, f: () => void): number {
  let best = 0
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now()
    f()
    best = Math.max(best, N / ((performance.now() - t0) / 1000))
  }
  console.log(`${label.padEnd(64)} ${best.toFixed(0).padStart(7)} /s`)
  return best
}

const { Point } = ristretto255
const scalar = Point.Fn.create(BigInt(`0x${randomBytes(32).toString('hex')}`))
let points = messages.map((m) => ristretto255_hasher.hashToCurve(m, { DST: tag }))
let encoded: Uint8Array[] = []
const rHash = rate('ristretto255: hash to group (RFC 9380)', () => {
  points = messages.map((m) => ristretto255_hasher.hashToCurve(m, { DST: tag }))
})
rate('ristretto255: multiply + encode', () => {
  encoded = points.map((p) => p.multiply(scalar).toBytes())
})
const rBlind = rate('ristretto255: decode (validates) + multiply + encode', () => {
  for (const e of encoded) Point.fromBytes(e).multiply(scalar).toBytes()
})

const secret = new Uint8Array(randomBytes(32))
const packed = hashToGroup(tag, messages)
const xHash = rate('X25519: hash to group (RFC 9380 edwards25519 -> u, JS)', () => hashToGroup(tag, messages))
rate('X25519: validate a received element (canonical, on curve, JS)', () => {
  for (let o = 0; o < packed.length; o += 32) isValidElement(packed, o)
})
rate('X25519: multiply, pure JS (@noble/curves)', () => {
  for (let o = 0; o < packed.length; o += 32) x25519.scalarMult(secret, packed.subarray(o, o + 32))
})
rate('X25519: hash + multiply, native multiply (node:crypto)', () => hashAndBlindBatch(secret, tag, messages))
const xBlind = rate('X25519: validate + multiply, native (node:crypto)', () => blindBatch(secret, packed))

// Per selector pair (x, y), the protocol does two hashes and four multiplications in all; the
// multiplications of received elements include their validation. Hash + blind is one step.
const coreSeconds = (hash: number, blind: number, initiator: number, responder: number) =>
  (initiator + responder) / hash + (initiator + responder) / blind + (initiator + responder) / blind
console.log(
  `\nestimated core-seconds for 100k x 1M, ristretto255 (inverse-free protocol): ${coreSeconds(rHash, rBlind, 1e5, 1e6).toFixed(0)}`,
)
console.log(`estimated core-seconds for 100k x 1M, X25519 native:                      ${coreSeconds(xHash, xBlind, 1e5, 1e6).toFixed(0)}`)
