import { randomBytes, randomUUID } from 'node:crypto'
import {
  finishInitiator,
  hashToGroup,
  isVigilError,
  nobleX25519Group,
  psiHashTag,
  respond,
  selectorMessage,
  startInitiator,
} from '@vigil/core'
import { afterAll, describe, expect, it } from 'vitest'
import { nodeRandom } from '../auth/node-random.js'
import { createNativeX25519Group } from './native-x25519-group.js'

const phones = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `+1555${String(from + i).padStart(7, '0')}`)
const binding = { sessionId: randomUUID(), initiatorOrgId: randomUUID(), responderOrgId: randomUUID() }
const tag = psiHashTag(binding)
const messages = (values: string[]) => values.map((v) => selectorMessage('phone', v))

describe('native X25519 PSI group', () => {
  const pooled = createNativeX25519Group({ workers: 2, batchSize: 64 })
  const inline = createNativeX25519Group({ workers: 0 })
  afterAll(() => pooled.close())

  it('gives the same bytes as the pure-JS group, on one thread and across workers', async () => {
    const secret = new Uint8Array(randomBytes(32))
    const input = messages(phones(0, 300))
    const expected = await nobleX25519Group.hashAndBlind(secret, tag, input)
    expect(await inline.hashAndBlind(secret, tag, input)).toEqual(expected)
    expect(await pooled.hashAndBlind(secret, tag, input)).toEqual(expected)
    const again = new Uint8Array(randomBytes(32))
    expect(await pooled.blind(again, expected)).toEqual(await nobleX25519Group.blind(again, expected))
  })

  it('commutes: blinding by a then b equals blinding by b then a', async () => {
    const [a, b] = [new Uint8Array(randomBytes(32)), new Uint8Array(randomBytes(32))]
    const input = messages(phones(0, 10))
    expect(await inline.blind(b, await inline.hashAndBlind(a, tag, input))).toEqual(
      await inline.blind(a, await inline.hashAndBlind(b, tag, input)),
    )
  })

  it('refuses a bad point in a worker batch and names its place in the whole list', async () => {
    const packed = hashToGroup(tag, messages(phones(0, 200)))
    packed.fill(0, 150 * 32, 151 * 32) // u = 0, a point of order 2
    const err = await pooled.blind(new Uint8Array(randomBytes(32)), packed).catch((e: unknown) => e)
    expect(isVigilError(err, 'PSI_INVALID_MESSAGE')).toBe(true)
    expect((err as Error).message).toMatch(/element 150 /)
  })

  it('refuses a list of the wrong length', async () => {
    const err = await pooled.blind(new Uint8Array(randomBytes(32)), new Uint8Array(33)).catch((e: unknown) => e)
    expect(isVigilError(err, 'PSI_INVALID_MESSAGE')).toBe(true)
  })

  // The 100,000 × 1,000,000 run is a benchmark (bench/psi.bench.ts): here, enough elements
  // for several worker batches on both sides.
  it('finds the exact intersection of 3,000 selectors with 2,000, sharing 500, across workers', async () => {
    const group = createNativeX25519Group({ workers: 2, batchSize: 256 })
    try {
      const limits = { maxSetSize: 3_000 }
      const mine = phones(0, 3_000)
      const theirs = phones(2_500, 4_500)
      const { state, message } = await startInitiator(group, nodeRandom, binding, 'phone', mine, limits)
      const reply = await respond(group, nodeRandom, binding, 'phone', theirs, message, limits)
      const result = await finishInitiator(group, state, reply, limits)
      expect(result.responderSetSize).toBe(2_000)
      expect(result.shared).toEqual(phones(2_500, 3_000))
    } finally {
      await group.close()
    }
  })
})
