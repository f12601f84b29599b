import type { StixObject } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { effectiveTlp, TLP2_MARKING_IDS, tlpOfMarking } from './tlp.js'

const object = (extra: Record<string, unknown>) =>
  ({ type: 'indicator', id: 'indicator--33fe3b22-0201-47cf-85d0-97c02164528d', ...extra }) as StixObject
const STATEMENT = 'marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f'

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
    expect(effectiveTlp(object({ object_marking_refs: [TLP2_MARKING_IDS.green, STATEMENT, TLP2_MARKING_IDS.red] }), 'clear')).toEqual({
      tlp: 'red',
      source: 'object',
    })
  })

  it('falls back to the default marking, recorded as such, when the object carries no TLP', () => {
    expect(effectiveTlp(object({ object_marking_refs: [STATEMENT] }), 'amber')).toEqual({ tlp: 'amber', source: 'default' })
    expect(effectiveTlp(object({}), 'green')).toEqual({ tlp: 'green', source: 'default' })
  })

  it('lets granular markings narrow access but never widen it', () => {
    const granular = (tlp: keyof typeof TLP2_MARKING_IDS) => [{ marking_ref: TLP2_MARKING_IDS[tlp], selectors: ['description'] }]
    expect(effectiveTlp(object({ object_marking_refs: [TLP2_MARKING_IDS.green], granular_markings: granular('red') }), 'clear').tlp).toBe(
      'red',
    )
    expect(effectiveTlp(object({ object_marking_refs: [TLP2_MARKING_IDS.amber], granular_markings: granular('clear') }), 'clear').tlp).toBe(
      'amber',
    )
    expect(effectiveTlp(object({ granular_markings: granular('clear') }), 'amber')).toEqual({ tlp: 'amber', source: 'default' })
  })
})
