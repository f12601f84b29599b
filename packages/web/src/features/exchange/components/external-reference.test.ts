import { describe, expect, it } from 'vitest'
import { referenceUrl } from './external-reference.js'

describe('referenceUrl', () => {
  it('keeps a reference’s own web address', () => {
    expect(referenceUrl({ source_name: 'DISARM', external_id: 'T0049', url: 'https://example.org/T0049' })).toBe(
      'https://example.org/T0049',
    )
  })

  it('links a DISARM technique or tactic without an address to its DISARM page', () => {
    expect(referenceUrl({ source_name: 'DISARM', external_id: 'T0049.003' })).toBe(
      'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/T0049.003.md',
    )
    expect(referenceUrl({ external_id: 'TA05' })).toBe(
      'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/tactics/TA05.md',
    )
  })

  it('links nothing else, and never a script address', () => {
    expect(referenceUrl({ source_name: 'cve', external_id: 'CVE-2026-0001' })).toBeUndefined()
    expect(referenceUrl({ url: 'javascript:alert(1)' })).toBeUndefined()
  })
})
