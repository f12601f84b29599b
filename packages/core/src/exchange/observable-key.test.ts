import type { StixObject } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { normaliseDomain, observableKey, observableKeys } from './observable-key.js'

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

describe('observableKeys', () => {
  it('keys the further observables that identify something, normalised', () => {
    expect(observableKeys(o('autonomous-system', { number: 15139, name: 'Slime Industries' }))).toEqual(['autonomous-system|15139'])
    expect(observableKeys(o('mac-addr', { value: 'D2:FB:49:24:37:18' }))).toEqual(['mac-addr|d2:fb:49:24:37:18'])
    expect(observableKeys(o('domain-name', { value: 'Example.COM' }))).toEqual(['domain-name|example.com'])
    expect(observableKeys(o('mutex', { name: '__CLEANSWEEP__' }))).toEqual([])
  })

  it('keys every hash of a file, an artifact or a certificate alike, hex lowercase', () => {
    const sha = 'FE90A7E910CB3A4739BED9180E807E93FA70C90F25A8915476F5E4BFBAC681DB'
    const file = observableKeys(
      o('file', { name: 'a.exe', hashes: { 'SHA-256': sha, SSDEEP: '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C' } }),
    )
    expect(file).toEqual([`hash|SHA-256:${sha.toLowerCase()}`, 'hash|SSDEEP:3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C'])
    expect(observableKeys(o('artifact', { hashes: { 'sha-256': sha } }))).toEqual([`hash|SHA-256:${sha.toLowerCase()}`])
    expect(observableKeys(o('x509-certificate', { serial_number: '36:F7:D4:32', hashes: { MD5: 'AB'.repeat(16) } }))).toEqual([
      `hash|MD5:${'ab'.repeat(16)}`,
      'x509-certificate|serial:36f7d432',
    ])
  })

  it('keys an e-mail message by its Message-ID and the addresses of its address headers', () => {
    const message = o('email-message', {
      is_multipart: false,
      message_id: '<25@mail.example>',
      additional_header_fields: { 'Reply-To': 'Reply <Reply-To@Email.test>', 'X-Mailer': 'a@b.c', Cc: ['x@y.org', 'z@y.org'] },
    })
    expect(observableKeys(message)).toEqual([
      'email-message|25@mail.example',
      'email-addr|reply-to@email.test',
      'email-addr|x@y.org',
      'email-addr|z@y.org',
    ])
  })
})
