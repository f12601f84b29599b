// The generated values the STIX boundaries share: objects valid, mutated and hostile, and
// bundles of them (bench/fuzz-boundaries.ts).
import { randomUUID } from 'node:crypto'
import { TLP2_MARKING_IDS } from '@vigil/core'
import fc from 'fast-check'

const ts = fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00Z', '2026-13-01T00:00:00Z', 'now', '', '1e9')
export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u001b]0;pwned\u0007',
    '=HYPERLINK("http://x")',
    '__proto__',
    '../../etc/passwd',
    'x'.repeat(5000),
    '%00',
    '😀',
  ),
)
// Nesting is written into the text (JSON.stringify itself overflows the stack on thousands of levels).
const deep = fc.integer({ min: 1, max: 6000 }).map((n) => `__DEEP_${n}__`)
/** JSON text of a generated value, with its deep-nesting markers expanded. */
export const text = (value: unknown): string =>
  (JSON.stringify(value) ?? 'null').replace(/"__DEEP_(\d+)__"/g, (_, n: string) => `${'{"d":'.repeat(Number(n))}0${'}'.repeat(Number(n))}`)
const markingRef = fc.oneof(
  fc.constantFrom(...Object.values(TLP2_MARKING_IDS)),
  fc.constantFrom('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c2', 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ee'),
  fc.uuid().map((u) => `marking-definition--${u}`),
  hostileString,
)
const campaign = fc.record({
  type: fc.constant('campaign'),
  spec_version: fc.constant('2.1'),
  id: fc.uuid({ version: 4 }).map((u) => `campaign--${u}`),
  created: fc.constant('2026-01-01T00:00:00.000Z'),
  modified: fc.constant('2026-01-01T00:00:00.000Z'),
  name: fc.string({ minLength: 1 }),
})
/** A STIX object: valid, mutated (a property replaced by anything), hostile, or not an object at all. */
const stixObject: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: campaign },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        campaign,
        fc.constantFrom('type', 'id', 'spec_version', 'created', 'modified', 'name', 'description', 'x_custom'),
        fc.jsonValue(),
      )
      .map(([c, key, value]) => ({ ...c, [key]: value })),
  },
  { weight: 2, arbitrary: fc.tuple(campaign, hostileString).map(([c, s]) => ({ ...c, description: s })) },
  { weight: 1, arbitrary: fc.tuple(campaign, deep).map(([c, d]) => ({ ...c, x_deep: d })) },
  { weight: 2, arbitrary: fc.tuple(campaign, fc.array(markingRef, { maxLength: 3 })).map(([c, m]) => ({ ...c, object_marking_refs: m })) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constantFrom('domain-name', 'ipv4-addr', 'url', 'email-addr', 'user-account'),
      id: fc.oneof(
        fc.uuid().map((u) => `domain-name--${u}`),
        fc.uuid().map((u) => `ipv4-addr--${u}`),
        hostileString,
      ),
      value: hostileString,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('marking-definition'),
      spec_version: fc.constant('2.1'),
      id: fc.uuid().map((u) => `marking-definition--${u}`),
      created: ts,
      definition_type: fc.constantFrom('tlp', 'statement', 'x'),
      definition: fc.oneof(fc.record({ tlp: fc.constantFrom('red', 'amber', 'green', 'white', 'purple') }), fc.jsonValue()),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }) },
)
export const objects = fc.array(stixObject, { maxLength: 8 })
/** A bundle's text: mostly a bundle, sometimes a mutated one, sometimes not JSON or not a bundle at all. */
export const bundleText = fc.oneof(
  { weight: 6, arbitrary: objects.map((o) => text({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: o })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(objects, fc.dictionary(fc.constantFrom('type', 'id', 'objects', 'spec_version', '__proto__', 'x'), fc.jsonValue()))
      .map(([o, extra]) => text({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: o, ...extra })),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '{"objects":[', '{"__proto__":{"x":1}}', '\u0000', '')) },
)
