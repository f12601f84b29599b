import { randomBytes } from 'node:crypto'
import { PackedElements } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { isVigilError } from '../shared/errors.js'
import { fromWire, toWire } from './psi-wire.js'

describe('PSI wire encoding', () => {
  it.each([0, 1, 2, 3, 1000])('round-trips %i elements as the base64 Node writes', (n) => {
    const packed = new Uint8Array(randomBytes(n * 32))
    const wire = toWire(packed)
    expect(wire).toEqual({ count: n, data: Buffer.from(packed).toString('base64') })
    expect(PackedElements.safeParse(wire).success).toBe(true)
    expect(fromWire(wire)).toEqual(packed)
  })

  it('refuses a count that does not match the data, and bad characters', () => {
    const wire = toWire(new Uint8Array(64))
    expect(PackedElements.safeParse({ ...wire, count: 3 }).success).toBe(false)
    const err = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return e
      }
    }
    expect(
      isVigilError(
        err(() => fromWire({ ...wire, count: 3 })),
        'PSI_INVALID_MESSAGE',
      ),
    ).toBe(true)
    expect(
      isVigilError(
        err(() => fromWire({ ...wire, data: `*${wire.data.slice(1)}` })),
        'PSI_INVALID_MESSAGE',
      ),
    ).toBe(true)
  })
})
