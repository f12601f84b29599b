import { describe, expect, it } from 'vitest'
import { duckdbHash, duckdbHash2, minHash, similarTextKeys, similarTextPairs, similarTexts, textWords } from './similar-text.js'
import type { LivePair } from './window-join.js'

describe('near-duplicate text as batch computes it', () => {
  it('hashes as DuckDB hash() does (values read from DuckDB 1.5)', () => {
    expect(duckdbHash2('acc', 'p1')).toBe(17653407212471695100n)
  })

  it('hashes strings of every length class the same way (inline, block, remainder)', () => {
    const seen = new Set(['', 'a', 'abcdefgh', 'abcdefghi', 'abcdefghijklm', 'ภาษาไทย', 'x'.repeat(40)].map((w) => duckdbHash(w)))
    expect(seen.size).toBe(7)
    for (const h of seen) expect(h >= 0n && h < 1n << 64n).toBe(true)
  })

  it('reads words without ASCII punctuation, split on single spaces, and signs texts of three words or more', () => {
    expect(textWords('a, b!  c')).toEqual(['a', 'b', '', 'c'])
    expect(minHash('one two')).toBeNull()
    expect(similarTextKeys('one two three')).toHaveLength(6)
    expect(similarTextKeys('one two three')).toEqual(similarTextKeys('three two one'))
  })

  it('checks the exact Jaccard of distinct non-empty words', () => {
    expect(similarTexts('a b c d e', 'a b c d e f', 0.8)).toBe(true)
    expect(similarTexts('a b c d', 'a b c x', 0.8)).toBe(false)
    expect(similarTexts('a a b', 'a b', 1)).toBe(true)
  })

  it('keeps similar candidates with the earlier post’s text as the object, and drops the others', () => {
    const base = { signal: 'co-similar-text' as const, object: '0:1:2', accountA: 'a', postA: '1', accountB: 'b', postB: '2' }
    const pairs: LivePair[] = [
      { ...base, timeA: 5, timeB: 1, textA: 'a b c d e f', textB: 'a b c d e' },
      { ...base, timeA: 1, timeB: 5, textA: 'a b c d', textB: 'w x y z' },
      { signal: 'co-link', object: 'u', accountA: 'a', postA: '1', timeA: 0, accountB: 'b', postB: '2', timeB: 0 },
    ]
    expect(similarTextPairs(pairs, 0.8)).toEqual([
      { ...base, timeA: 5, timeB: 1, object: 'a b c d e' },
      { signal: 'co-link', object: 'u', accountA: 'a', postA: '1', timeA: 0, accountB: 'b', postB: '2', timeB: 0 },
    ])
  })
})
