import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { domainOf, normaliseUrl, UNCHANGED_BY_NORMALISE_URL } from './normalise-url.js'

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

describe('UNCHANGED_BY_NORMALISE_URL', () => {
  const url = new RegExp(UNCHANGED_BY_NORMALISE_URL.url)
  const id = new RegExp(UNCHANGED_BY_NORMALISE_URL.id)
  const samples = fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.webUrl().map((u) => u.toLowerCase()),
    fc.webUrl().map((u) => `${u.toLowerCase()}/`),
    fc.constantFrom('http://www.example.com/a', 'https://www/a', 'https://www.www.x/A%7e', 'http://example.com./a', 'https://x.y/a\u00a0'),
    fc.string(),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
  )

  it('matches only what normaliseUrl leaves alone, and its group 1 is domainOf', () => {
    fc.assert(
      fc.property(samples, (s) => {
        const m = url.exec(s)
        if (m) {
          expect(normaliseUrl(s)).toBe(s)
          expect(domainOf(s)).toBe(m[1])
        }
        if (id.test(s)) {
          expect(normaliseUrl(s)).toBe(s)
          expect(domainOf(s)).toBeUndefined()
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('covers the common canonical links', () => {
    expect(url.exec('https://www.example.com/news/2016/a-b_c.html')?.[1]).toBe('example.com')
    expect(url.test('https://example.com/a/')).toBe(false)
    expect(url.test('https://Example.com/a')).toBe(false)
    expect(url.test('https://example.com/a?x=1')).toBe(false)
    expect(id.test('23678')).toBe(true)
  })
})
