import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { domainOf, normaliseUrl } from './normalise-url.js'

describe('normaliseUrl', () => {
  it.each([
    ['HTTPS://Example.COM:443/a/?utm_source=x&id=3#top', 'https://example.com/a?id=3'],
    ['http://example.com:80/', 'http://example.com'],
    ['http://example.com:8080/x', 'http://example.com:8080/x'],
    ['https://example.com/path//?fbclid=abc', 'https://example.com/path'],
    ['https://example.com/?a=1&UTM_Medium=m&gclid=2&b=2', 'https://example.com?a=1&b=2'],
    ['example.com/news/1', 'http://example.com/news/1'],
    ['https://Example.com./Case/Path', 'https://example.com/Case/Path'],
    ['  23678 ', '23678'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseUrl(raw)).toBe(expected)
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = normaliseUrl(url)
        expect(normaliseUrl(once)).toBe(once)
      }),
    )
  })
})

describe('domainOf', () => {
  it('drops www and the port', () => {
    expect(domainOf('https://www.example.com:8443/a')).toBe('example.com')
    expect(domainOf('t.co')).toBeUndefined()
    expect(domainOf(normaliseUrl('https://T.CO/abc'))).toBe('t.co')
  })
})
