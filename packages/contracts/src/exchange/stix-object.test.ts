import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeWithShared } from '../test-support/shared-data.js'
import { STIX_FIXTURES } from '../test-support/stix-fixtures.js'
import { loadStixSchemaOracle } from '../test-support/stix-schemas.js'
import { compareStixTimestamps, parseStixObject } from './stix-object.js'

const BUNDLES = ['DISARM.json', 'poisonivy.json', 'defining-campaigns-threat-actors-intrusion-sets.json', 'using-marking-definitions.json']

describeWithShared('STIX objects against the OASIS schemas', 'standards', (standards) => {
  const oracle = loadStixSchemaOracle(join(standards, 'stix2.1-schemas/schemas'))

  it.each(BUNDLES)('accepts every object of the real bundle %s, unchanged, and each is valid for its OASIS schema', (file) => {
    const bundle = JSON.parse(readFileSync(join(standards, 'stix-bundles', file), 'utf8')) as { objects: Record<string, unknown>[] }
    for (const object of bundle.objects) {
      const result = parseStixObject(object)
      expect(result, String(object.id)).toMatchObject({ ok: true })
      if (result.ok) expect(result.object).toBe(object)
      expect(oracle(object), String(object.id)).toEqual([])
    }
  })

  it('accepts the TLP 2.0 extension definition and marking definitions', () => {
    const bundle = JSON.parse(readFileSync(join(standards, 'tlp2.0/tlp2.0-marking-definitions.bundle.json'), 'utf8')) as {
      objects: Record<string, unknown>[]
    }
    for (const object of bundle.objects) {
      expect(parseStixObject(object).ok).toBe(true)
      expect(oracle(object)).toEqual([])
    }
  })

  it.each(STIX_FIXTURES.map((f) => [f.type, f] as const))('accepts a valid %s, which its OASIS schema accepts too', (_type, object) => {
    expect(parseStixObject(object)).toEqual({ ok: true, object })
    expect(oracle(object)).toEqual([])
  })

  const indicator = STIX_FIXTURES.find((f) => f.type === 'indicator') as Record<string, unknown>
  const refused: [string, Record<string, unknown>, string, RegExp][] = [
    ['a non-UUID id', { ...indicator, id: 'indicator--1234' }, '$.id', /type--UUID/],
    ['an id of another type', { ...indicator, id: 'malware--33fe3b22-0201-47cf-85d0-97c02164528d' }, '$.id', /indicator--/],
    ['seconds-only created', { ...indicator, created: '2026-01-01T00:00:00Z' }, '$.created', /milliseconds/],
    ['a non-UTC timestamp', { ...indicator, modified: '2026-01-02T00:00:00.000+01:00' }, '$.modified', /UTC/],
    ['modified before created', { ...indicator, modified: '2025-12-31T23:59:59.999Z' }, '$.modified', /at or after created/],
    ['valid_until not after valid_from', { ...indicator, valid_until: '2026-01-01T00:00:00Z' }, '$.valid_until', /later than/],
    ['an unknown non-custom property', { ...indicator, severity: 'high' }, '$.severity', /custom properties/],
    ['created_by_ref to a non-identity', { ...indicator, created_by_ref: indicator.id }, '$.created_by_ref', /identity/],
    [
      'a marking ref to a non-marking',
      { ...indicator, object_marking_refs: [indicator.id] },
      '$.object_marking_refs[0]',
      /marking-definition/,
    ],
    [
      'a bad external reference',
      { ...indicator, external_references: [{ source_name: 'x' }] },
      '$.external_references[0]',
      /description, url/,
    ],
    ['a missing required property', { ...indicator, pattern: undefined }, '$.pattern', /expected string/],
    ['a wrong spec_version', { ...indicator, spec_version: '2.0' }, '$.spec_version', /2\.1/],
    [
      'a bundle as an object',
      { type: 'bundle', id: 'bundle--eba44954-d4e4-4d3b-814c-2b17dd8de300', objects: [] },
      '$.type',
      /not an object to store/,
    ],
    [
      'an SCO with created',
      { type: 'url', id: 'url--c1477287-23ac-5971-a010-5c287877fa60', value: 'x', created: '2026-01-01T00:00:00.000Z' },
      '$.created',
      /not a property/,
    ],
    ['an empty custom list', { ...indicator, x_vigil_tags: [] }, '$.x_vigil_tags', /empty list/],
    ['a null property', { ...indicator, name: null }, '$.name', /null/],
    [
      'a relationship to a marking definition',
      { ...STIX_FIXTURES.find((f) => f.type === 'relationship'), target_ref: 'marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f' },
      '$.target_ref',
      /must not reference/,
    ],
    [
      'a custom type with a bad common property',
      {
        type: 'x-mitre-tactic',
        id: 'x-mitre-tactic--b03163eb-7e81-4fed-9819-641bf7c99507',
        spec_version: '2.1',
        created: 'yesterday',
        modified: '2026-01-01T00:00:00.000Z',
      },
      '$.created',
      /timestamp/,
    ],
  ]
  it.each(refused)('refuses %s with its JSON path and reason', (_what, object, path, message) => {
    const result = parseStixObject(JSON.parse(JSON.stringify(object)))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues).toContainEqual({ path, message: expect.stringMatching(message) })
  })

  it('keeps custom x_ properties and custom object types from real producers', () => {
    const tactic = {
      type: 'x-mitre-tactic',
      id: 'x-mitre-tactic--b03163eb-7e81-4fed-9819-641bf7c99507',
      ...{ spec_version: '2.1', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z' },
      x_mitre_shortname: 'plan',
      tactic_refs: ['x-mitre-tactic--431af018-56ae-406c-9648-4857f074fffc'],
    }
    expect(parseStixObject(tactic)).toEqual({ ok: true, object: tactic })
    expect(oracle(tactic)).toEqual([])
  })
})

describe('compareStixTimestamps', () => {
  it('orders timestamps of different precision by their instant', () => {
    expect(compareStixTimestamps('2026-01-01T00:00:00.1Z', '2026-01-01T00:00:00.100000Z')).toBe(0)
    expect(compareStixTimestamps('2026-01-01T00:00:00.0999Z', '2026-01-01T00:00:00.1Z')).toBeLessThan(0)
    expect(compareStixTimestamps('2026-01-01T00:00:01Z', '2026-01-01T00:00:00.999Z')).toBeGreaterThan(0)
  })
})
