import { describe, expect, it } from 'vitest'
import { maskedRange, maskedText } from './masked-count.js'

describe('masked counts', () => {
  it('are a 1–9 band, never drawn or written as 9', () => {
    expect(maskedRange('<10')).toEqual([1, 9])
    expect(maskedText('<10')).toBe('1–9')
    expect(maskedRange(0)).toEqual([0, 0])
    expect(maskedText(12)).toBe('12')
  })
})
