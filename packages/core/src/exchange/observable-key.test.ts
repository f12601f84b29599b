import type { StixObject } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { normaliseDomain, observableKey } from './observable-key.js'

const o = (type: string, props: Record<string, unknown>) =>
  ({ type, id: `${type}--00000000-0000-4000-8000-000000000000`, ...props }) as StixObject

describe('observableKey', () => {
  it('puts URLs in detection canonical form', () => {
    expect(observableKey(o('url', { value: 'HTTPS://News.Example:443/a/?utm_source=x&id=3#top' }))).toBe('url|https://news.example/a?id=3')
  })

  it('lowercases domains and writes IDNA labels in Punycode (RFC 3492 sample values)', () => {
    expect(normaliseDomain('Bücher.Example.')).toBe('xn--bcher-kva.example')
    expect(normaliseDomain('münchen.de')).toBe('xn--mnchen-3ya.de')
    expect(normaliseDomain('例え.テスト')).toBe('xn--r8jz45g.xn--zckzah')
    expect(observableKey(o('domain-name', { value: 'WWW.Example.COM' }))).toBe('domain-name|www.example.com')
  })

  it('keys accounts by platform and id, e-mail lowercase, IPs canonical', () => {
    expect(observableKey(o('user-account', { account_type: 'Twitter', user_id: '42', account_login: 'x' }))).toBe('user-account|twitter:42')
    expect(observableKey(o('user-account', { account_login: 'handle' }))).toBe('user-account|:handle')
    expect(observableKey(o('email-addr', { value: 'Bob@Example.ORG' }))).toBe('email-addr|bob@example.org')
    expect(observableKey(o('ipv4-addr', { value: '010.0.0.1/32' }))).toBe('ipv4-addr|10.0.0.1')
    expect(observableKey(o('ipv6-addr', { value: '2001:DB8:0:0:0:0:0:1' }))).toBe('ipv6-addr|2001:db8::1')
    expect(observableKey(o('ipv6-addr', { value: '2001:db8:0:1:0:0:0:1' }))).toBe('ipv6-addr|2001:db8:0:1::1')
  })

  it('has no key for other objects or missing values', () => {
    expect(observableKey(o('campaign', { name: 'x' }))).toBeUndefined()
    expect(observableKey(o('url', {}))).toBeUndefined()
    expect(observableKey(o('ipv4-addr', { value: '300.1.1.1' }))).toBeUndefined()
  })
})
