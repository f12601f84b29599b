import { describe, expect, it } from 'vitest'
import { nonStandardMarkingRefs, prepareObjects } from './prepare-objects.js'
import { TLP2_MARKING_IDS } from './tlp.js'

const pattern = {
  type: 'attack-pattern',
  spec_version: '2.1',
  id: 'attack-pattern--6f2a4b8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'Create inauthentic accounts',
  external_references: [
    { source_name: 'DISARM', external_id: 'T0007', url: 'https://example.org/T0007' },
    { source_name: 'note', description: 'no id here' },
  ],
}

describe('prepareObjects search text', () => {
  it('makes an object findable by its external ids, such as a DISARM technique id, as well as its name', () => {
    const { accepted, failures } = prepareObjects([pattern], 'green')
    expect(failures).toEqual([])
    expect(accepted[0]?.searchText).toBe('create inauthentic accounts t0007')
  })

  it('makes an account findable by the user id lists show it by', () => {
    const account = {
      type: 'user-account',
      spec_version: '2.1',
      id: 'user-account--0f2a4b8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
      user_id: 'Op-Amplifier-7',
      account_type: 'twitter',
    }
    expect(prepareObjects([account], 'green').accepted[0]?.searchText).toBe('op-amplifier-7')
  })

  it('adds nothing for an object without external ids', () => {
    const { external_references: _, ...bare } = pattern
    expect(prepareObjects([bare], 'green').accepted[0]?.searchText).toBe('create inauthentic accounts')
  })
})

describe('prepareObjects markings', () => {
  const RED = 'marking-definition--7f3c1e9a-2b4d-4c6e-8f0a-1b2c3d4e5f60'
  const redDefinition = {
    type: 'marking-definition',
    spec_version: '2.1',
    id: RED,
    created: '2026-01-01T00:00:00.000Z',
    definition_type: 'tlp',
    definition: { tlp: 'red' },
  }
  const marked = (ref: string) => ({ ...pattern, object_marking_refs: [ref] })

  it('resolves a marking defined in the same bundle, or already stored, to the level it states', () => {
    const inBundle = prepareObjects([redDefinition, marked(RED)], 'green')
    expect(inBundle.failures).toEqual([])
    expect(inBundle.accepted[1]).toMatchObject({ tlp: 'red', tlpSource: 'object' })
    expect(prepareObjects([marked(RED)], 'green', [redDefinition as never]).accepted[0]).toMatchObject({ tlp: 'red' })
  })

  it('refuses only the object whose marking it cannot resolve, naming the marking', () => {
    const { accepted, failures } = prepareObjects([marked(RED), pattern], 'green')
    expect(accepted.map((a) => a.index)).toEqual([1])
    expect(failures).toEqual([
      {
        index: 0,
        id: pattern.id,
        issues: [
          {
            path: '$.object_marking_refs[0]',
            message: `marking ${RED} is not a marking-definition Vigil knows; refused rather than stored under a wider marking`,
          },
        ],
      },
    ])
  })

  it('names the markings a store must look up: every one but the standard ids', () => {
    expect(
      nonStandardMarkingRefs([marked(RED), marked(TLP2_MARKING_IDS.red), 'junk', { granular_markings: [{ marking_ref: RED }] }]),
    ).toEqual([RED])
  })
})

describe('prepareObjects observable value', () => {
  it('indexes each SCO under the value that names it', () => {
    const sco = (type: string, props: Record<string, unknown>) => ({ type, id: `${type}--2f6e5c1a-8a4b-4c2d-9e1f-0a1b2c3d4e5f`, ...props })
    const { accepted, failures } = prepareObjects(
      [
        sco('autonomous-system', { number: 15139 }),
        sco('mac-addr', { value: 'd2:fb:49:24:37:18' }),
        sco('x509-certificate', { serial_number: '36:f7:d4:32' }),
        sco('mutex', { name: '__CLEANSWEEP__' }),
        sco('windows-registry-key', { key: 'HKEY_LOCAL_MACHINE\\System\\Foo' }),
        sco('email-message', { is_multipart: false, message_id: '25@mail.example' }),
        sco('process', { pid: 1221 }),
      ],
      'green',
    )
    expect(failures).toEqual([])
    expect(accepted.map((p) => p.observable)).toEqual([
      '15139',
      'd2:fb:49:24:37:18',
      '36:f7:d4:32',
      '__CLEANSWEEP__',
      'HKEY_LOCAL_MACHINE\\System\\Foo',
      '25@mail.example',
      null,
    ])
  })
})
