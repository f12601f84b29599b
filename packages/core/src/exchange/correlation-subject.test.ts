import { describe, expect, it } from 'vitest'
import { carriedRefs, isCorrelationSubject, patternObservableKeys } from './correlation-subject.js'

describe('patternObservableKeys', () => {
  it('reads equality comparisons of the observables correlation keys', () => {
    expect(
      patternObservableKeys(
        "[domain-name:value = 'Evil.Example'] OR [url:value = 'HTTP://evil.example/x?utm_source=t'] OR [email-addr:value = 'A@B.org']",
      ),
    ).toEqual(['domain-name|evil.example', 'url|http://evil.example/x', 'email-addr|a@b.org'])
  })

  it('keys an account by the platform and id of the same observation, unescaping quotes', () => {
    expect(patternObservableKeys("[user-account:account_type = 'twitter' AND user_id = 'o\\'brien']")).toEqual([])
    expect(
      patternObservableKeys(
        "[user-account:account_type = 'twitter' AND user-account:user_id = 'o\\'brien'] OR [ipv4-addr:value = '10.0.0.1']",
      ),
    ).toEqual(["user-account|twitter:o'brien", 'ipv4-addr|10.0.0.1'])
  })

  it('ignores comparisons it cannot key', () => {
    expect(patternObservableKeys("[file:hashes.'SHA-256' = 'aa'] AND [url:value LIKE '%x%']")).toEqual([])
  })
})

describe('correlation subjects', () => {
  it('are the SDOs that carry observables', () => {
    expect(isCorrelationSubject({ type: 'report', id: 'x' })).toBe(true)
    expect(isCorrelationSubject({ type: 'user-account', id: 'x' })).toBe(false)
    expect(isCorrelationSubject({ type: 'relationship', id: 'x' })).toBe(false)
    expect(carriedRefs({ type: 'report', id: 'x', object_refs: ['a', 3, 'b'] })).toEqual(['a', 'b'])
  })
})
