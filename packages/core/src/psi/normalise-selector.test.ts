import { describe, expect, it } from 'vitest'
import { normaliseSelector } from './normalise-selector.js'
import { prepareSelectors } from './prepare-selectors.js'

describe('normaliseSelector', () => {
  it.each([
    ['+1 (555) 010-9999', '+15550109999'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+49.30.901820', '+4930901820'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['0044 (0)20 7946 0958', '+442079460958'],
  ])('writes the phone %s as %s', (raw, value) => {
    expect(normaliseSelector('phone', raw)).toEqual({ ok: true, value })
  })

  it.each(['555 010 9999', '+0123456789', '+1234', '+1234567890123456', '+1 555 CALL NOW'])('refuses the phone %s', (raw) => {
    expect(normaliseSelector('phone', raw).ok).toBe(false)
  })

  it('lower-cases e-mail addresses and refuses what is not one', () => {
    expect(normaliseSelector('email', '  Alice.Example@Mail.ORG ')).toEqual({ ok: true, value: 'alice.example@mail.org' })
    expect(normaliseSelector('email', 'alice@localhost').ok).toBe(false)
    expect(normaliseSelector('email', 'a b@c.org').ok).toBe(false)
  })

  it('reads e-mail addresses through mailto: and <…> wrappers, in NFC, with IDNA domains', () => {
    for (const raw of ['mailto:Ana@Example.org', '<ana@example.org>', '<mailto:ana@example.org>', 'MAILTO:<ana@example.org>']) {
      expect(normaliseSelector('email', raw)).toEqual({ ok: true, value: 'ana@example.org' })
    }
    const composed = 'jos\u00e9@b\u00fccher.example'
    const decomposed = 'jose\u0301@bu\u0308cher.example'
    expect(normaliseSelector('email', decomposed)).toEqual(normaliseSelector('email', composed))
    expect(normaliseSelector('email', composed)).toEqual({ ok: true, value: 'jos\u00e9@xn--bcher-kva.example' })
    expect(normaliseSelector('email', 'jos\u00e9@XN--BCHER-KVA.example')).toEqual(normaliseSelector('email', composed))
  })

  it('writes account names in NFC', () => {
    expect(normaliseSelector('account', 'telegram:Jose\u0301')).toEqual({ ok: true, value: 'telegram:Jos\u00e9' })
  })

  it('keeps account ids as written and lower-cases the platform', () => {
    expect(normaliseSelector('account', 'Twitter: 12345AbC')).toEqual({ ok: true, value: 'twitter:12345AbC' })
    expect(normaliseSelector('account', '12345').ok).toBe(false)
    expect(normaliseSelector('account', 'twitter:').ok).toBe(false)
    expect(normaliseSelector('account', 'twitter:a b').ok).toBe(false)
  })

  it('refuses empty and overlong selectors', () => {
    expect(normaliseSelector('email', '   ').ok).toBe(false)
    expect(normaliseSelector('email', `${'a'.repeat(320)}@b.org`).ok).toBe(false)
  })
})

describe('prepareSelectors', () => {
  it('drops duplicates after normalising, skips blanks and comments, and counts rejected lines', () => {
    const lines = ['# agency list', 'A@b.org', '', 'a@B.org', 'nope', 'c@d.org', 'also nope']
    expect(prepareSelectors('email', lines)).toEqual({ selectors: ['a@b.org', 'c@d.org'], rejected: { count: 2, firstLines: [5, 7] } })
  })
})
