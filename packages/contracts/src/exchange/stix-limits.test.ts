import { describe, expect, it } from 'vitest'
import { MAX_OBJECT_CHARS, MAX_OBJECT_DEPTH } from './stix-limits.js'
import { parseStixObject } from './stix-object.js'

const ID = 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'
const campaign = (extra: Record<string, unknown>) => ({
  type: 'campaign',
  spec_version: '2.1',
  id: ID,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'Operation Branistan',
  ...extra,
})
const nested = (levels: number): unknown => {
  let v: unknown = 'leaf'
  for (let i = 0; i < levels; i++) v = { x_in: v }
  return v
}

describe('what one stored object may be, whatever its type', () => {
  it.each([
    ['a NUL character', { description: 'before\u0000after' }, '$["description"]', /NUL character/],
    ['a lone high surrogate', { description: 'broken \uD83D here' }, '$["description"]', /lone UTF-16 surrogate/],
    ['a lone low surrogate in a list', { aliases: ['ok', '\uDE00'] }, '$["aliases"][1]', /lone UTF-16 surrogate/],
    ['a NUL in a property name', { x_meta: { 'a\u0000b': 1 } }, '$["x_meta"]', /property name that holds a NUL/],
    ['a custom property nested 5,000 levels deep', { x_deep: nested(5000) }, expect.stringMatching(/^\$\["x_deep"\]/), /deeper than 64/],
  ])('refuses %s, with its id and where it is', (_what, extra, path, message) => {
    expect(parseStixObject(campaign(extra))).toEqual({ ok: false, id: ID, issues: [{ path, message: expect.stringMatching(message) }] })
  })

  it('accepts paired surrogates (emoji) and nesting up to the cap', () => {
    expect(parseStixObject(campaign({ description: 'vote 🗳️ today', x_deep: nested(MAX_OBJECT_DEPTH - 1) })).ok).toBe(true)
    expect(parseStixObject(campaign({ x_deep: nested(MAX_OBJECT_DEPTH) })).ok).toBe(false)
  })

  it('caps the size of one object', () => {
    expect(parseStixObject(campaign({ description: 'x'.repeat(MAX_OBJECT_CHARS) }))).toMatchObject({
      ok: false,
      issues: [{ path: '$', message: expect.stringMatching(/more than 2000000 characters/) }],
    })
  })

  it('names no id it could not store either', () => {
    expect(parseStixObject({ ...campaign({}), id: 'campaign--\u0000' })).toEqual({
      ok: false,
      issues: [{ path: '$["id"]', message: expect.stringMatching(/NUL/) }],
    })
  })
})
