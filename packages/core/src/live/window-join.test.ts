import { describe, expect, it } from 'vitest'
import { partitionOfAccount, partitionOfKey } from './partition.js'
import { type LivePair, WindowJoin } from './window-join.js'

const S = 1000

/** The pairs of a key that is not late. */
function pairs(result: LivePair[] | 'late'): LivePair[] {
  if (result === 'late') throw new Error('late')
  return result
}

describe('WindowJoin', () => {
  it('pairs posts of different accounts on one object within the window, in either order, oriented a < b', () => {
    const join = new WindowJoin(60, 30)
    expect(join.add('co-link', 'u', 'b', 'p1', 100 * S, 1)).toEqual([])
    expect(join.add('co-link', 'u', 'b', 'p2', 110 * S, 1)).toEqual([])
    // Earlier than the newest post but within the lateness: joined both ways in time.
    expect(join.add('co-link', 'u', 'a', 'p3', 90 * S, 2)).toEqual([
      { signal: 'co-link', object: 'u', accountA: 'a', postA: 'p3', timeA: 90 * S, accountB: 'b', postB: 'p1', timeB: 100 * S },
      { signal: 'co-link', object: 'u', accountA: 'a', postA: 'p3', timeA: 90 * S, accountB: 'b', postB: 'p2', timeB: 110 * S },
    ])
    // The window is inclusive; one millisecond more is outside it.
    expect(pairs(join.add('co-link', 'u', 'c', 'p4', 150 * S, 3)).map((p) => p.postA)).toEqual(['p1', 'p2', 'p3'])
    expect(pairs(join.add('co-link', 'u', 'd', 'p5', 170 * S + 1, 3)).map((p) => [p.postA, p.postB])).toEqual([['p4', 'p5']])
  })

  it('gives a post seen twice no second pairs, and other objects or signals never meet', () => {
    const join = new WindowJoin(60, 30)
    join.add('co-link', 'u', 'a', 'p1', 0, 1)
    expect(join.add('co-link', 'u', 'a', 'p1', 0, 2)).toEqual([])
    expect(join.add('co-link', 'v', 'b', 'p2', 0, 2)).toEqual([])
    expect(join.add('co-domain', 'u', 'b', 'p3', 0, 2)).toEqual([])
    expect(join.add('co-link', 'u', 'b', 'p4', 0, 2)).toHaveLength(1)
  })

  it('counts keys behind the watermark as late, and bounds the held posts', () => {
    const join = new WindowJoin(60, 30)
    for (let i = 0; i < 1000; i++) join.add('co-hashtag', `t${i}`, `a${i % 3}`, `p${i}`, i * 10 * S, i)
    // The newest is 9990 s: the watermark 9960 s, posts below 9900 s can pair with nothing to come.
    expect(join.add('co-hashtag', 't999', 'z', 'late', 9950 * S, 1000)).toBe('late')
    expect(join.mark).toEqual({ maxTime: 9990 * S, late: 1 })
    join.sweep()
    expect(join.held).toBe(10)
    expect(join.replayFrom()).toBe(990)
  })

  it('knows where a rebuild replays from as held posts are dropped, without walking the window', () => {
    const join = new WindowJoin(60, 30)
    join.add('co-link', 'u', 'a', 'p1', 0, 1)
    join.add('co-link', 'v', 'a', 'p1', 0, 1)
    join.add('co-link', 'u', 'b', 'p2', 10 * S, 2)
    expect(join.replayFrom()).toBe(1)
    // At 1000 s the posts on u fall below the floor and are dropped as u is joined; v's post of message 1 is still held.
    join.add('co-link', 'u', 'c', 'p3', 1000 * S, 3)
    expect(join.held).toBe(2)
    expect(join.replayFrom()).toBe(1)
    join.add('co-link', 'v', 'c', 'p4', 1000 * S, 4)
    expect(join.replayFrom()).toBe(3)
    join.sweep()
    expect(new WindowJoin(60, 30).replayFrom()).toBeNull()
  })

  it('rebuilds from a replay without emitting or counting, holding what is above the floor', () => {
    const join = new WindowJoin(60, 30, { maxTime: 1000 * S, late: 4 })
    expect(join.add('co-link', 'u', 'a', 'old', 800 * S, 5, false)).toEqual([])
    expect(join.add('co-link', 'u', 'b', 'kept', 950 * S, 6, false)).toEqual([])
    expect(join.mark).toEqual({ maxTime: 1000 * S, late: 4 })
    expect(join.held).toBe(1)
    expect(pairs(join.add('co-link', 'u', 'a', 'new', 1000 * S, 7)).map((p) => p.postB)).toEqual(['kept'])
  })

  it('routes keys and accounts to partitions the same way everywhere', () => {
    expect(partitionOfKey('co-link', 'https://example.com/x', 16)).toBe(partitionOfKey('co-link', 'https://example.com/x', 16))
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionOfKey('co-hashtag', `tag${i}`, 16)))
    expect(used.size).toBe(16)
    expect(partitionOfAccount('a', 1)).toBe(0)
  })
})
