import { finishInitiator, nobleX25519Group, prepareSelectors, respond, sessionBinding, startInitiator } from '@vigil/core/psi'
import { describe, expect, it } from 'vitest'
import { browserRandom } from './browser-random.js'

describe('browserRandom, the PSI Random port over WebCrypto', () => {
  it('fills any length, past the 65,536 bytes getRandomValues takes per call, with fresh bytes each time', () => {
    const big = browserRandom.bytes(200_000)
    expect(big).toHaveLength(200_000)
    // Every 65,536-byte chunk was filled: none is left all zero.
    for (let offset = 0; offset < big.length; offset += 65_536) {
      expect(big.subarray(offset, offset + 65_536).some((b) => b !== 0)).toBe(true)
    }
    expect(browserRandom.bytes(32)).not.toEqual(browserRandom.bytes(32))
    expect(browserRandom.bytes(0)).toHaveLength(0)
    expect(browserRandom.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('drives the pure-JS protocol the page runs: both sides on the same normalised rules find the intersection', async () => {
    const binding = sessionBinding({
      id: '6f1c1f1e-8a57-4a8e-9a55-0d3c8c1b2a10',
      initiatorOrgId: '0b7e6a8c-1d2f-4e3a-9b8c-7d6e5f4a3b21',
      responderOrgId: '5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f',
    })
    const limits = { maxSetSize: 10 }
    // Written differently on each side: the core's rules (v2) make them equal.
    const mine = prepareSelectors('phone', ['+44 (0)20 7946 0958', '0033 1 23 45 67 89', '+1 555 010 0001'])
    const theirs = prepareSelectors('phone', ['+442079460958', '+33123456789', '+1 555 010 0009'])
    const { state, message } = await startInitiator(nobleX25519Group, browserRandom, binding, 'phone', mine.selectors, limits)
    const reply = await respond(nobleX25519Group, browserRandom, binding, 'phone', theirs.selectors, message, limits)
    const { shared } = await finishInitiator(nobleX25519Group, state, reply, limits)
    expect(shared).toEqual(['+33123456789', '+442079460958'])
  })
})
