import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { isVigilError } from './errors.js'
import { parseInput } from './parse-input.js'

describe('parseInput', () => {
  const Org = z.object({ name: z.string().min(1), domains: z.array(z.string().regex(/\./, 'not a domain')) })

  it('returns the parsed value', () => {
    expect(parseInput(Org, { name: 'Lab', domains: ['lab.example'] })).toEqual({ name: 'Lab', domains: ['lab.example'] })
  })

  it("names the first problem's path, or the whole value when the value itself is wrong", () => {
    expect(() => parseInput(Org, { name: 'Lab', domains: ['nodot'] })).toThrow('domains.0: not a domain')
    expect(() => parseInput(Org, 'text', 'organisation')).toThrow(/^organisation: /)
    let caught: unknown
    try {
      parseInput(Org, {})
    } catch (err) {
      caught = err
    }
    expect(isVigilError(caught, 'VALIDATION_FAILED')).toBe(true)
  })
})
