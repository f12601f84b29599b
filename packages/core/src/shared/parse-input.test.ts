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

describe('parseInput in its context', () => {
  const Bundle = z.object({ objects: z.array(z.object({ id: z.string().startsWith('x--') })) })
  const failure = (run: () => unknown) => {
    try {
      run()
    } catch (err) {
      return err
    }
    throw new Error('it parsed')
  }

  it('writes the place in the style of the document and answers the context code', () => {
    const value = { objects: [{ id: 'x--1' }, { id: 'y' }] }
    expect(() => parseInput(Bundle, value, { path: 'json-path', prefix: 'not a bundle: ' })).toThrow(/^not a bundle: \$\.objects\[1\]\.id /)
    const taxii = failure(() => parseInput(Bundle, value, { code: 'TAXII_UNPROCESSABLE', path: 'json-pointer', issues: 5 }))
    expect(taxii).toMatchObject({ code: 'TAXII_UNPROCESSABLE', details: { issues: [{ path: '/objects/1/id' }] } })
    expect((taxii as Error).message).toMatch(/^\/objects\/1\/id /)
  })

  it("names a command line's option, a root, and a misspelt field", () => {
    expect(() => parseInput(z.object({ minRepeat: z.number().min(1) }), { minRepeat: 0 }, { path: 'option' })).toThrow(/^--min-repeat: /)
    expect(() => parseInput(Bundle, { objects: 1 }, { root: 'params' })).toThrow(/^params\.objects: /)
    expect(() =>
      parseInput(z.strictObject({ a: z.strictObject({ b: z.number() }) }), { a: { b: 1, c: 2 } }, { prefix: 'f.json: ' }),
    ).toThrow('f.json: unknown field a.c')
    expect(failure(() => parseInput(Bundle, {}, { details: { line: 3 } }))).toMatchObject({ details: { line: 3 } })
  })
})
