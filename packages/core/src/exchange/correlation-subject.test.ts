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

  it('keys hashes, MAC addresses, certificate serials and autonomous systems as their objects are keyed', () => {
    const sha = 'AB'.repeat(32)
    expect(
      patternObservableKeys(
        `[file:hashes.'SHA-256' = '${sha}' OR file:hashes.MD5 = '${'CD'.repeat(16)}'] AND [mac-addr:value = 'D2-FB-49-24-37-18'] OR [x509-certificate:serial_number = '00:0a:B7'] OR [autonomous-system:number = 15139]`,
      ),
    ).toEqual([
      `hash|SHA-256:${sha.toLowerCase()}`,
      `hash|MD5:${'cd'.repeat(16)}`,
      'mac-addr|d2:fb:49:24:37:18',
      'x509-certificate|serial:ab7',
      'autonomous-system|15139',
    ])
  })

  it('ignores comparisons it cannot key', () => {
    expect(patternObservableKeys("[process:pid = '1'] AND [url:value LIKE '%x%'] AND [file:name = 'a.exe']")).toEqual([])
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
