import fc from 'fast-check'
import { expect, it } from 'vitest'
import { describeWithShared } from '../test-support/shared-data.js'
import { STIX_FIXTURES } from '../test-support/stix-fixtures.js'
import { loadStixSchemaOracle } from '../test-support/stix-schemas.js'
import { STIX_SPEC_EXAMPLES } from '../test-support/stix-spec-examples.js'
import { parseStixObject } from './stix-object.js'

const KEYS = [
  'id',
  'type',
  'created',
  'modified',
  'name',
  'labels',
  'confidence',
  'created_by_ref',
  'object_marking_refs',
  'external_references',
  'x_custom',
  'value',
  'object_refs',
  'extensions',
  'granular_markings',
  'revoked',
  'lang',
  'Bad-Key',
  'x_data_hex',
]
const VALUES = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '2026-01-01T00:00:00.000Z',
    '2026-01-01T00:00:00Z',
    'identity--311b2d2d-f010-4473-83ec-1edf84858f4c',
    'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
    ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'],
    [{ source_name: 's', url: 'u' }],
    { 'x-ext': {} },
  ),
)

describeWithShared('every accepted object satisfies its OASIS schema', 'standards/stix2.1-schemas/schemas', (schemas) => {
  const oracle = loadStixSchemaOracle(schemas)
  it('holds for random changes to valid objects (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STIX_FIXTURES, ...Object.values(STIX_SPEC_EXAMPLES)),
        fc.array(fc.tuple(fc.constantFrom(...KEYS), VALUES), { minLength: 1, maxLength: 3 }),
        (fixture, changes) => {
          const object: Record<string, unknown> = structuredClone(fixture)
          for (const [key, value] of changes) object[key] = value
          const result = parseStixObject(object)
          if (result.ok) expect(oracle(object), JSON.stringify(object)).toEqual([])
        },
      ),
      { numRuns: 5000 },
    )
  })
})
