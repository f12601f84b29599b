import { describe, expect, it } from 'vitest'
import { prepareObjects } from './prepare-objects.js'

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

  it('adds nothing for an object without external ids', () => {
    const { external_references: _, ...bare } = pattern
    expect(prepareObjects([bare], 'green').accepted[0]?.searchText).toBe('create inauthentic accounts')
  })
})
