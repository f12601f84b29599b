import { randomUUID } from 'node:crypto'
import { DetectParams, type DetectSignal, type OrgId } from '@vigil/contracts'
import { type LivePair, mulberry32 } from '@vigil/core'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../test-support/index.js'
import { createLiveAggregator, type LiveNetworksUpdate } from './live-aggregator.js'
import { liveDetection } from './live-detection.js'
import { insertLivePairs, insertLivePosts } from './live-pairs.js'

const T0 = Date.parse('2026-12-01T10:00:00Z')

describeEachDatabase('live aggregator: only the touched components are recomputed', (database) => {
  const db = () => database().db
  const newFeed = (params: Partial<DetectParams> = {}) => ({
    orgId: randomUUID() as OrgId,
    name: `agg-${randomUUID().slice(0, 8)}`,
    params: DetectParams.parse({ signals: ['co-hashtag', 'co-link'], window: 60, minRepeat: 2, ...params }),
  })
  type Feed = ReturnType<typeof newFeed>

  /** Two accounts posting on one object 10 s apart: the pair and both posts, as a worker stores them. */
  async function coPost(feed: Feed, signal: DetectSignal, object: string, x: string, y: string, t = 0): Promise<void> {
    const [a, b] = x < y ? [x, y] : [y, x]
    const pair: LivePair = {
      signal,
      object,
      accountA: a,
      postA: `${a}-${signal}-${object}`,
      timeA: T0 + t,
      accountB: b,
      postB: `${b}-${signal}-${object}`,
      timeB: T0 + t + 10_000,
    }
    await insertLivePairs(db(), feed.orgId, feed.name, [pair])
    await insertLivePosts(db(), feed.orgId, feed.name, [
      { account: a, post: pair.postA },
      { account: b, post: pair.postB },
    ])
  }

  /** A network of `members`, each two of them sharing two hashtags. */
  async function plant(feed: Feed, members: string[], tag: string): Promise<void> {
    for (const [i, x] of members.entries()) {
      for (const y of members.slice(i + 1)) for (const k of [1, 2]) await coPost(feed, 'co-hashtag', `${tag}${k}`, x, y)
    }
  }

  const full = async (feed: Feed, options = {}) => (await liveDetection(db(), feed.orgId, feed.name, feed.params, options)).networks

  async function expectWhole(feed: Feed, update: LiveNetworksUpdate | undefined, options = {}): Promise<LiveNetworksUpdate> {
    expect(update).toBeDefined()
    const whole = await full(feed, options)
    expect(update?.networks.networks).toEqual(whole.networks)
    expect(update?.networks.edges).toEqual(whole.edges)
    expect(update?.networks.run).toEqual(whole.run)
    return update as LiveNetworksUpdate
  }

  const withoutId = <T extends { id: string }>({ id: _, ...rest }: T) => rest

  it('keeps a network no new pair or post touched, recomputes the touched one and merges two when a pair joins them', async () => {
    const feed = newFeed()
    const aggregator = createLiveAggregator(db(), feed.orgId, feed)
    await plant(feed, ['a1', 'a2', 'a3'], 'alpha')
    await plant(feed, ['b1', 'b2', 'b3', 'b4'], 'beta')
    const first = await expectWhole(feed, await aggregator.update())
    expect(first.full).toBe(true)
    expect(first.networks.networks.map((n) => n.members)).toEqual(
      expect.arrayContaining([
        ['a1', 'a2', 'a3'],
        ['b1', 'b2', 'b3', 'b4'],
      ]),
    )
    const beta = first.networks.networks.find((n) => n.members.includes('b1'))
    expect(await aggregator.update()).toBeUndefined()

    // a4 joins alpha over two rounds: one shared hashtag is below --min-repeat, two are an edge.
    await coPost(feed, 'co-hashtag', 'alpha1', 'a1', 'a4')
    const below = await expectWhole(feed, await aggregator.update())
    expect(below.accounts).toBe(3)
    await coPost(feed, 'co-hashtag', 'alpha2', 'a1', 'a4')
    const grown = await expectWhole(feed, await aggregator.update())
    expect(grown.full).toBe(false)
    expect(grown.accounts).toBe(4)
    expect(grown.recomputed.map((n) => n.members)).toEqual([['a1', 'a2', 'a3', 'a4']])
    // beta was not recomputed: kept as it was, but for the number its rank gives it.
    const kept = grown.networks.networks.find((n) => n.members.includes('b1'))
    expect(kept && withoutId(kept)).toEqual(beta && withoutId(beta))

    // A post of b1 alone (no pair) changes beta's share of coordinated posts: beta only is recomputed.
    await insertLivePosts(db(), feed.orgId, feed.name, [{ account: 'b1', post: 'b1-news' }])
    const posted = await expectWhole(feed, await aggregator.update())
    expect(posted.recomputed.map((n) => n.members)).toEqual([['b1', 'b2', 'b3', 'b4']])
    // a4's two posts and b1's (a1's posts on alpha were stored already).
    expect(posted.networks.run.posts).toBe(first.networks.run.posts + 3)

    // Another signal between two alpha accounts: alpha's edges fuse both signals.
    for (const k of ['l1', 'l2']) await coPost(feed, 'co-link', k, 'a2', 'a3')
    const fused = await expectWhole(feed, await aggregator.update())
    expect(fused.recomputed.map((n) => n.signals)).toEqual([['co-hashtag', 'co-link']])

    // A pair stored again changes nothing; an account posting outside every network recomputes nothing.
    await coPost(feed, 'co-link', 'l1', 'a2', 'a3')
    await insertLivePosts(db(), feed.orgId, feed.name, [{ account: 'z9', post: 'z9-1' }])
    expect(await aggregator.update()).toBeUndefined()

    // Two hashtags shared by a1 and b1 join both networks into one component.
    for (const k of ['m1', 'm2']) await coPost(feed, 'co-hashtag', k, 'a1', 'b1')
    const merged = await expectWhole(feed, await aggregator.update())
    expect(merged.accounts).toBe(8)
    expect(merged.networks.networks.map((n) => n.members)).toEqual([['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4']])
  })

  it('counts pairs across signals once each with --repeat fused, edge by edge as they come', async () => {
    const feed = newFeed({ repeat: 'fused' })
    const aggregator = createLiveAggregator(db(), feed.orgId, feed)
    await plant(feed, ['p1', 'p2', 'p3'], 'poll')
    await expectWhole(feed, await aggregator.update())
    // One hashtag and one link, each below --min-repeat alone: fused, two distinct post pairs.
    await coPost(feed, 'co-hashtag', 'q', 'p3', 'q1')
    await expectWhole(feed, await aggregator.update())
    await coPost(feed, 'co-link', 'https://q.example/', 'p3', 'q1', 20_000)
    const joined = await expectWhole(feed, await aggregator.update())
    expect(joined.recomputed.map((n) => n.members)).toEqual([['p1', 'p2', 'p3', 'q1']])
  })

  it('equals a recomputation of the whole feed after every round of random pairs, Louvain splits included', async () => {
    const feed = newFeed()
    const options = { maxComponentSize: 6 }
    const aggregator = createLiveAggregator(db(), feed.orgId, feed, options)
    const random = mulberry32(7)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
    const accounts = Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(2, '0')}`)
    let recomputedSome = false
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 6; i++) {
        const x = pick(accounts)
        const y = pick(accounts.filter((a) => a !== x))
        await coPost(feed, pick(['co-hashtag', 'co-link'] as const), `o${Math.floor(random() * 8)}`, x, y, round * 1000)
      }
      if (random() < 0.5) await insertLivePosts(db(), feed.orgId, feed.name, [{ account: pick(accounts), post: `solo-${round}` }])
      const update = await aggregator.update()
      if (update === undefined) continue
      await expectWhole(feed, update, options)
      if (!update.full && update.accounts < accounts.length) recomputedSome = true
    }
    expect((await full(feed, options)).networks.length).toBeGreaterThan(1)
    expect(recomputedSome).toBe(true)
  })
})
