import { describe, expect, it } from 'vitest'
import { normaliseSelector } from './normalise-selector.js'
import { prepareSelectors } from './prepare-selectors.js'

describe('normaliseSelector', () => {
  it.each([
    ['+1 (555) 010-9999', '+15550109999'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+49.30.901820', '+4930901820'],
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
