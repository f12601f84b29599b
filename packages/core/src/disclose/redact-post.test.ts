import { describe, expect, it } from 'vitest'
import { type DisclosurePost, redactionLabel, redactPost, stripQuery } from './redact-post.js'

const key = new Uint8Array(32).fill(3)
const post = (over: Partial<DisclosurePost>): DisclosurePost => ({
  post: 'p1',
  account: '111',
  time: new Date('2016-10-01T12:00:00Z'),
  text: '',
  screenName: 'SmallOne',
  followers: 10,
  ...over,
})
const accounts = new Map([
  ['111', { screenName: 'SmallOne', followers: 10 }],
  ['222', { screenName: 'BigNews', followers: 50_000 }],
  ['333', { screenName: 'NoCount', followers: null }],
])
const context = { key, threshold: 5000, accounts, keptHandles: new Set(['bignews', 'famous']) }

describe('redactPost', () => {
  it('hashes an author under the threshold or without a count, and keeps one at or above it', () => {
    expect(redactPost(post({}), context)).toMatchObject({ author: redactionLabel(key, 'account:111'), hashed: true })
    expect(redactPost(post({ account: '333', screenName: 'NoCount', followers: null }), context)).toMatchObject({ hashed: true })
    expect(redactPost(post({ account: '222', screenName: 'BigNews', followers: 50_000 }), context)).toMatchObject({
      author: 'BigNews',
      hashed: false,
    })
    expect(redactPost(post({}), { ...context, threshold: 10 }).hashed).toBe(false)
  })

  it('strips query strings, e-mail addresses, phone numbers, small handles and names from the text', () => {
    const text =
      'Read https://ex.org/a?utm_source=x&id=9#frag via @SmallOne @BigNews @famous @stranger, mail me@example.com, call +1 202 555 0143; SmallOne says hi'
    const out = redactPost(post({ account: '222', screenName: 'BigNews', followers: 50_000, text }), context).text
    const small = redactionLabel(key, 'account:111')
    expect(out).toBe(
      `Read https://ex.org/a via @${small} @BigNews @famous @${redactionLabel(key, 'handle:stranger')}, mail [email], call [phone]; ${small} says hi`,
    )
    expect(out).not.toMatch(/SmallOne|stranger|utm_source|me@example/)
  })

  it('labels differ with another key', () => {
    expect(redactionLabel(new Uint8Array(32).fill(4), 'account:111')).not.toBe(redactionLabel(key, 'account:111'))
    expect(stripQuery('https://a.b/c#x')).toBe('https://a.b/c')
  })
})
