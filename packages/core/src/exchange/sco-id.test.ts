import { createHash } from 'node:crypto'
import type { StixObject } from '@vigil/contracts'
import { STIX_SPEC_EXAMPLES } from '@vigil/contracts/test-support'
import { describe, expect, it } from 'vitest'
import { checkStixObject } from './check-stix-object.js'
import { SCO_ID_NAMESPACE, scoId, uuidV5 } from './sco-id.js'

// An independent UUIDv5 over node:crypto, to check the one core computes with @noble/hashes.
function nodeUuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80
  const h = hash.subarray(0, 16).toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

describe('SCO ids', () => {
  it('computes RFC 4122 version-5 UUIDs', () => {
    // RFC 4122 appendix B / Python's uuid5(NAMESPACE_DNS, 'python.org').
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d')
    expect(uuidV5(SCO_ID_NAMESPACE, '{"value":"a"}')).toBe(nodeUuidV5(SCO_ID_NAMESPACE, '{"value":"a"}'))
  })

  it('derives an SCO id from its canonical id-contributing properties', () => {
    const account = {
      type: 'user-account',
      id: 'x',
      user_id: '42',
      account_type: 'twitter',
      display_name: 'not contributing',
    } as StixObject
    expect(scoId(account)).toBe(`user-account--${nodeUuidV5(SCO_ID_NAMESPACE, '{"account_type":"twitter","user_id":"42"}')}`)
    const file = { type: 'file', id: 'x', hashes: { 'SHA-256': 'ab'.repeat(32), MD5: 'cd'.repeat(16) }, size: 3 } as StixObject
    expect(scoId(file)).toBe(`file--${nodeUuidV5(SCO_ID_NAMESPACE, `{"hashes":{"MD5":"${'cd'.repeat(16)}"}}`)}`)
    expect(scoId({ type: 'indicator', id: 'x' } as StixObject)).toBeUndefined()
  })

  it('refuses an SCO whose UUIDv5 id is not the UUIDv5 of its properties, naming the expected id', () => {
    const url = { type: 'url', id: 'url--4b5e4c6a-7c50-5f7e-9b4e-0a8a3b1c2d3e', value: 'https://example.com/' }
    const result = checkStixObject(url)
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.issues[0]).toEqual({ path: '$.id', message: expect.stringMatching(/^must be url--[0-9a-f-]{36}, the UUIDv5/) })
    const fixed = { ...url, id: scoId(url as StixObject) }
    expect(checkStixObject(fixed)).toEqual({ ok: true, object: fixed })
  })

  // STIX 2.1 §2.9: SCOs SHOULD use the UUIDv5, so a random id is valid (MISP sends its attribute UUIDs).
  it('accepts SCOs with random (UUIDv4) ids, unchanged', () => {
    const objects = [
      { type: 'domain-name', id: 'domain-name--5b7f1a6c-3d0e-4a8f-9c2b-1e4d6f8a0b2c', value: 'example.com' },
      { type: 'user-account', id: 'user-account--0d5b424b-93b8-4e5a-bd1e-9b2f6e8a9c11', user_id: '42', account_type: 'twitter' },
      { type: 'file', id: 'file--4b5e4c6a-7c50-4f7e-9b4e-0a8a3b1c2d3e', name: 'a.exe' },
    ]
    for (const o of objects) expect(checkStixObject(o)).toEqual({ ok: true, object: o })
  })
  // The specification prints its SCO examples with UUIDv5 ids not derived from their
  // properties; with the derived id, or a random one, each is accepted.
  it('accepts every SCO example of the specification with its derived UUIDv5 id or a random id', () => {
    const scos = Object.values(STIX_SPEC_EXAMPLES).filter((o) => !('created' in o)) as StixObject[]
    expect(new Set(scos.map((o) => o.type)).size).toBeGreaterThanOrEqual(12)
    for (const o of scos) {
      const derived = { ...o, id: scoId(o) ?? o.id }
      const random = { ...o, id: `${o.type}--2f6e5c1a-8a4b-4c2d-9e1f-0a1b2c3d4e5f` }
      expect(checkStixObject(derived), derived.id).toEqual({ ok: true, object: derived })
      expect(checkStixObject(random), random.id).toEqual({ ok: true, object: random })
    }
    const printed = STIX_SPEC_EXAMPLES.mutex as StixObject
    expect(checkStixObject(printed)).toMatchObject({
      ok: false,
      issues: [{ path: '$.id', message: expect.stringContaining(String(scoId(printed))) }],
    })
  })
})
