import { randomUUID } from 'node:crypto'
import { MAX_ENVELOPE_OBJECTS } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { parseEnvelope } from './parse-envelope.js'

const objects = (n: number) => Array.from({ length: n }, () => ({ type: 'indicator', id: `indicator--${randomUUID()}` }))

describe('parseEnvelope', () => {
  it('takes an envelope of exactly the cap, and refuses one object more as a whole (422, naming the cap)', () => {
    expect(parseEnvelope({ objects: objects(MAX_ENVELOPE_OBJECTS) }).objects).toHaveLength(MAX_ENVELOPE_OBJECTS)
    expect(() => parseEnvelope({ objects: objects(MAX_ENVELOPE_OBJECTS + 1) })).toThrowError(
      expect.objectContaining({ code: 'TAXII_UNPROCESSABLE', message: expect.stringMatching(/\/objects.*10000/) }),
    )
  })
})
