import { describe, expect, it } from 'vitest'
import { detectFormat } from '../detect/input-format.js'
import { isBadPost, livePostFromCells, mergeLivePosts } from './live-post.js'
import { postKeys } from './post-keys.js'

const spec = detectFormat(['user', 'id', 'ts', 'body', 'rt'], {
  account: 'user',
  post: 'id',
  time: 'ts',
  text: 'body',
  is_reshare: 'rt',
})

function post(cells: Record<string, string>) {
  const p = livePostFromCells(spec, (c) => cells[c], 'row:0:2')
  if (isBadPost(p)) throw new Error(p.bad)
  return p
}

describe('postKeys', () => {
  it('expands an original post into its normalised objects, each once', () => {
    const p = post({ user: 'a', id: '1', ts: '1600000000', body: 'See https://WWW.Example.com/x?utm_source=t #Vote #vote @Bob' })
    expect(p.time).toBe(1_600_000_000_000)
    expect(postKeys(p, ['co-link', 'co-domain', 'co-hashtag', 'co-mention', 'co-text', 'co-reshare'])).toEqual([
      { signal: 'co-link', key: 'https://www.example.com/x' },
      { signal: 'co-domain', key: 'example.com' },
      { signal: 'co-hashtag', key: 'vote' },
      { signal: 'co-mention', key: 'bob' },
      { signal: 'co-text', key: 'see #vote #vote @bob' },
    ])
  })

  it('gives a reshare only its co-reshare key, by text when no id is known', () => {
    const p = post({ user: 'a', id: '2', ts: '2020-09-01 10:11', body: 'RT @x: Hello #a', rt: 'yes' })
    expect(postKeys(p, ['co-reshare', 'co-hashtag', 'co-text'])).toEqual([{ signal: 'co-reshare', key: 'text:hello #a' }])
  })

  it('refuses a record without an account or a readable time, with batch reasons', () => {
    expect(livePostFromCells(spec, (c) => ({ ts: '1' })[c], 'x')).toEqual({ bad: 'no account' })
    expect(livePostFromCells(spec, (c) => ({ user: 'a', ts: 'soon' })[c], 'x')).toEqual({ bad: 'unreadable time: soon' })
  })

  it('merges a post spread over records: earliest time, objects of both', () => {
    const a = post({ user: 'a', id: '3', ts: '20', body: '#x' })
    const b = post({ user: 'a', id: '3', ts: '10', body: '#y' })
    const merged = mergeLivePosts(a, b)
    expect(merged.time).toBe(10_000)
    expect(postKeys(merged, ['co-hashtag']).map((k) => k.key)).toEqual(['x', 'y'])
  })
})
