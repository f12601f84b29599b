import { describe, expect, it } from 'vitest'
import { selectionOf, TAXII_MAX_LIMIT, TaxiiObjectsQuerystring } from './taxii-query.js'

const parse = (q: Record<string, string>) => selectionOf(TaxiiObjectsQuerystring.parse(q))
const id1 = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'
const id2 = 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061'

describe('TAXII object queries', () => {
  it('defaults to the last version and a page of 100', () => {
    expect(parse({})).toEqual({ versions: 'last', limit: 100, anySpecVersion: true })
  })

  it('reads comma-separated match lists, added_after, next and a capped limit', () => {
    expect(
      parse({
        'match[id]': `${id1},${id2}`,
        'match[type]': 'indicator,malware',
        added_after: '2026-11-29T22:00:00.123456Z',
        limit: '5000',
        next: 'czQy',
      }),
    ).toEqual({
      ids: [id1, id2],
      types: ['indicator', 'malware'],
      versions: 'last',
      addedAfter: '2026-11-29T22:00:00.123456Z',
      limit: TAXII_MAX_LIMIT,
      next: 'czQy',
      anySpecVersion: true,
    })
  })

  it('reads match[version] keywords and timestamps', () => {
    expect(parse({ 'match[version]': 'first' }).versions).toEqual(['first'])
    expect(parse({ 'match[version]': 'last,all' }).versions).toBe('all')
    expect(parse({ 'match[version]': '2026-01-01T00:00:00.000Z,2026-02-01T00:00:00Z' }).versions).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00Z',
    ])
    expect(parse({ 'match[version]': 'first,last,first' }).versions).toEqual(['first', 'last'])
    expect(parse({}).versions).toBe('last')
  })

  it('matches STIX 2.1 only when match[spec_version] names it', () => {
    expect(parse({ 'match[spec_version]': '2.0,2.1' }).anySpecVersion).toBe(true)
    expect(parse({ 'match[spec_version]': '2.0' }).anySpecVersion).toBe(false)
  })

  it('refuses malformed filters', () => {
    for (const bad of [
      { 'match[id]': 'not-an-id' },
      { 'match[type]': 'Indicator!' },
      { 'match[version]': 'newest' },
      { added_after: '2026-11-29 22:00' },
      { limit: '0' },
    ]) {
      expect(TaxiiObjectsQuerystring.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
  })
})
