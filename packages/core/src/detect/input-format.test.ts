import { describe, expect, it } from 'vitest'
import { availableSignals, detectFormat, parseFieldMap } from './input-format.js'

describe('detectFormat', () => {
  it('recognises each named format by its header', () => {
    expect(detectFormat(['object_id', 'account_id', 'content_id', 'timestamp_share']).format).toBe('coortweet')
    const byAuthor = [
      'author_id',
      'content',
      'region',
      'language',
      'publish_date',
      'harvested_date',
      'following',
      'followers',
      'updates',
      'post_type',
      'retweet',
    ]
    expect(detectFormat(byAuthor).format).toBe('ira-538-by-author')
  })

  it('keeps only the optional columns the header has', () => {
    const spec = detectFormat(['external_author_id', 'author', 'content', 'publish_date', 'post_type', 'tweet_id', 'tco1_step1'])
    expect(spec.format).toBe('ira-538')
    expect(spec.fields.url).toEqual(['tco1_step1'])
    expect(spec.fields.label).toBeUndefined()
  })

  it('refuses an unknown header and a map naming absent columns', () => {
    expect(() => detectFormat(['a', 'b'])).toThrow(/unrecognised header \(a,b\)/)
    expect(() => detectFormat(['a', 'b'], { account: 'a', time: 'c' })).toThrow(/lacks: c/)
  })
})

describe('parseFieldMap', () => {
  it('parses field=column pairs and requires account and time', () => {
    expect(parseFieldMap('account=user, time=ts,url=links')).toEqual({ account: 'user', time: 'ts', url: 'links' })
    expect(() => parseFieldMap('account=user')).toThrow(/account= and time=/)
    expect(() => parseFieldMap('account=user,time=ts,colour=c')).toThrow(/"colour=c"/)
    expect(() => parseFieldMap('account=a,account=b,time=t')).toThrow(/mapped twice/)
  })
})

describe('availableSignals', () => {
  it('derives the signals from the fields, text standing in for links, tags and mentions', () => {
    expect(availableSignals(detectFormat(['object_id', 'account_id', 'content_id', 'timestamp_share']))).toEqual(['co-reshare'])
    expect(availableSignals(detectFormat(['u', 't', 'img'], { account: 'u', time: 't', image_hash: 'img' }))).toEqual(['co-image'])
    expect(availableSignals(detectFormat(['u', 't', 'x'], { account: 'u', time: 't', text: 'x' }))).toEqual([
      'co-link',
      'co-domain',
      'co-hashtag',
      'co-mention',
      'co-text',
      'co-similar-text',
    ])
  })
})
