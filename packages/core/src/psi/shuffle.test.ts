import { randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Random } from '../shared/random.js'
import { shuffled } from './shuffle.js'

const random: Random = { uuid: randomUUID, bytes: (n) => new Uint8Array(randomBytes(n)) }

describe('shuffled', () => {
  it('returns a permutation and leaves the input alone', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i)
    const out = shuffled(items, random)
    expect(out).not.toEqual(items)
    expect([...out].sort((a, b) => a - b)).toEqual(items)
    expect(items[0]).toBe(0)
  })

  it('puts every item in every position about equally often', () => {
    const counts = [0, 0, 0]
    for (let i = 0; i < 3000; i++) {
      const at = shuffled(['a', 'b', 'c'], random).indexOf('a')
      counts[at] = (counts[at] ?? 0) + 1
    }
    for (const c of counts) expect(c).toBeGreaterThan(800)
  })

  it('handles empty and single lists', () => {
    expect(shuffled([], random)).toEqual([])
    expect(shuffled(['x'], random)).toEqual(['x'])
  })
})
