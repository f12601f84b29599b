// Chooses PSI's group by measurement: ristretto255 in @noble/curves (pure JS) versus X25519
// through node:crypto (native), per core, on the operations an ECDH PSI repeats per selector:
// hash-to-group, scalar multiplication of an arbitrary point, decoding a received point.
import { createPrivateKey, createPublicKey, diffieHellman, randomBytes } from 'node:crypto'
import { ed25519, ed25519_hasher, ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js'

const N = Number(process.env.PSI_GROUP_N ?? 2000)
const enc = new TextEncoder()
const inputs = Array.from({ length: N }, (_, i) => enc.encode(`+1555${String(i).padStart(7, '0')}`))
const DST = { DST: 'vigil-psi-bench' }

// The machine is shared, so each figure is the best of five runs: the least disturbed one.
function rate(label: string, f: () => void): number {
  let best = 0
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now()
    f()
    best = Math.max(best, N / ((performance.now() - t0) / 1000))
  }
  console.log(`${label.padEnd(60)} ${best.toFixed(0).padStart(8)} ops/s`)
  return best
}

// ristretto255
const { Point } = ristretto255
const scalar = Point.Fn.fromBytes(Point.Fn.toBytes(BigInt(`0x${randomBytes(31).toString('hex')}`)))
let points = inputs.map((m) => ristretto255_hasher.hashToCurve(m, DST))
rate('ristretto255 hashToCurve (RFC 9380, SHA-512)', () => {
  points = inputs.map((m) => ristretto255_hasher.hashToCurve(m, DST))
})
let blinded: Uint8Array[] = []
rate('ristretto255 multiply + encode', () => {
  blinded = points.map((p) => p.multiply(scalar).toBytes())
})
rate('ristretto255 decode (fromBytes)', () => {
  for (const b of blinded) Point.fromBytes(b)
})
rate('ristretto255 decode + multiply + encode', () => {
  for (const b of blinded) Point.fromBytes(b).multiply(scalar).toBytes()
})

// X25519 through node:crypto: the multiplication is native, but node:crypto has no hash-to-curve,
// and its KeyObjects must be built per point.
const SPKI = Buffer.from('302a300506032b656e032100', 'hex')
const PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex')
const priv = createPrivateKey({ key: Buffer.concat([PKCS8, randomBytes(32)]), format: 'der', type: 'pkcs8' })
const Fp = ed25519.Point.Fp
const toU = (m: Uint8Array) => {
  // RFC 9380 edwards25519_XMD:SHA-512_ELL2_RO_, then the birational map u = (1 + y) / (1 - y).
  const { y } = ed25519_hasher.hashToCurve(m, DST).toAffine()
  return Buffer.from(Fp.toBytes(Fp.div(Fp.add(1n, y), Fp.sub(1n, y))))
}
let us: Buffer[] = []
rate('edwards25519 hashToCurve + to Montgomery u (JS, for X25519)', () => {
  us = inputs.map(toU)
})
rate('X25519 node:crypto diffieHellman (with KeyObject per point)', () => {
  for (const u of us)
    diffieHellman({ privateKey: priv, publicKey: createPublicKey({ key: Buffer.concat([SPKI, u]), format: 'der', type: 'spki' }) })
})
