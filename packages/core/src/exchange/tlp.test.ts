import type { StixObject } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { effectiveTlp, markingResolver, TLP2_EXTENSION_ID, TLP2_MARKING_IDS, tlpOfMarking } from './tlp.js'

const object = (extra: Record<string, unknown>) =>
  ({ type: 'indicator', id: 'indicator--33fe3b22-0201-47cf-85d0-97c02164528d', ...extra }) as StixObject
const STATEMENT = 'marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f'
const definition = (id: string, extra: Record<string, unknown>) =>
  ({ type: 'marking-definition', spec_version: '2.1', id, created: '2026-01-01T00:00:00.000Z', ...extra }) as StixObject
const statement = definition(STATEMENT, { definition_type: 'statement', definition: { statement: 'Copyright Lab' } })
const CUSTOM = 'marking-definition--0b7b9a55-6c2f-4a4c-9d1e-3c4f1e2a7b10'
const tlp1 = (level: string) => definition(CUSTOM, { definition_type: 'tlp', definition: { tlp: level } })
const tlp2 = (level: unknown) =>
  definition(CUSTOM, { name: 'TLP', extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } } })

describe('TLP markings', () => {
  it('maps the TLP 1.0 ids to their 2.0 meaning, WHITE to CLEAR', () => {
    expect(tlpOfMarking('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9')).toBe('clear')
    expect(tlpOfMarking('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da')).toBe('green')
    expect(tlpOfMarking('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82')).toBe('amber')
    expect(tlpOfMarking('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed')).toBe('red')
    expect(tlpOfMarking(TLP2_MARKING_IDS['amber+strict'])).toBe('amber+strict')
    expect(tlpOfMarking(STATEMENT)).toBeUndefined()
  })

  it('takes the strictest TLP the object carries, ignoring statements', () => {
    const resolve = markingResolver([statement])
    expect(
      effectiveTlp(object({ object_marking_refs: [TLP2_MARKING_IDS.green, STATEMENT, TLP2_MARKING_IDS.red] }), 'clear', resolve),
    ).toEqual({
      ok: true,
      tlp: 'red',
      source: 'object',
    })
  })

  it('falls back to the default marking, recorded as such, when the object carries no TLP', () => {
    expect(effectiveTlp(object({ object_marking_refs: [STATEMENT] }), 'amber', markingResolver([statement]))).toEqual({
      ok: true,
      tlp: 'amber',
      source: 'default',
    })
    expect(effectiveTlp(object({}), 'green')).toEqual({ ok: true, tlp: 'green', source: 'default' })
  })

  it('lets granular markings narrow access but never widen it', () => {
    const granular = (tlp: keyof typeof TLP2_MARKING_IDS) => [{ marking_ref: TLP2_MARKING_IDS[tlp], selectors: ['description'] }]
    expect(
      effectiveTlp(object({ object_marking_refs: [TLP2_MARKING_IDS.green], granular_markings: granular('red') }), 'clear'),
    ).toMatchObject({
      tlp: 'red',
    })
    expect(
      effectiveTlp(object({ object_marking_refs: [TLP2_MARKING_IDS.amber], granular_markings: granular('clear') }), 'clear'),
    ).toMatchObject({
      tlp: 'amber',
    })
    expect(effectiveTlp(object({ granular_markings: granular('clear') }), 'amber')).toEqual({ ok: true, tlp: 'amber', source: 'default' })
  })

  it('resolves a definition with any id that states one TLP level, in the TLP 1.0 form or the tlp_2_0 extension', () => {
    const marked = object({ object_marking_refs: [CUSTOM] })
    expect(effectiveTlp(marked, 'green', markingResolver([tlp1('red')]))).toEqual({ ok: true, tlp: 'red', source: 'object' })
    expect(effectiveTlp(marked, 'green', markingResolver([tlp1('white')]))).toEqual({ ok: true, tlp: 'clear', source: 'object' })
    expect(effectiveTlp(marked, 'green', markingResolver([tlp2('amber+strict')]))).toEqual({
      ok: true,
      tlp: 'amber+strict',
      source: 'object',
    })
  })

  it('refuses a marking it cannot resolve, naming it: unknown ids, a standard id one digit off, unclear TLP statements', () => {
    const wrongRed = TLP2_MARKING_IDS.red.replace(/1$/, '2')
    expect(effectiveTlp(object({ object_marking_refs: [TLP2_MARKING_IDS.green, wrongRed] }), 'green')).toEqual({
      ok: false,
      marking: wrongRed,
      path: '$.object_marking_refs[1]',
      reason: 'unknown',
    })
    const granular = object({ granular_markings: [{ marking_ref: CUSTOM, selectors: ['name'] }] })
    expect(effectiveTlp(granular, 'green')).toMatchObject({ ok: false, marking: CUSTOM, path: '$.granular_markings[0].marking_ref' })
    for (const unclear of [[tlp1('purple')], [tlp2('red ')], [{ ...tlp1('red'), ...tlp2('clear') }]])
      expect(effectiveTlp(object({ object_marking_refs: [CUSTOM] }), 'green', markingResolver(unclear))).toMatchObject({
        ok: false,
        reason: 'unclear',
      })
  })

  it('lets a second definition under the same id narrow the level, never widen it; standard ids keep their level', () => {
    const marked = object({ object_marking_refs: [CUSTOM] })
    expect(effectiveTlp(marked, 'clear', markingResolver([tlp1('red'), tlp2('clear')]))).toMatchObject({ tlp: 'red' })
    expect(effectiveTlp(marked, 'clear', markingResolver([tlp2('clear'), tlp1('red')]))).toMatchObject({ tlp: 'red' })
    expect(
      effectiveTlp(marked, 'clear', markingResolver([statement, { ...tlp2('amber'), id: STATEMENT }, { ...statement, id: CUSTOM }])),
    ).toMatchObject({ ok: true, tlp: 'clear', source: 'default' })
    const forged = definition(TLP2_MARKING_IDS.red, { definition_type: 'tlp', definition: { tlp: 'white' } })
    expect(effectiveTlp(object({ object_marking_refs: [TLP2_MARKING_IDS.red] }), 'clear', markingResolver([forged]))).toMatchObject({
      tlp: 'red',
    })
  })
})
