import { randomUUID } from 'node:crypto'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { DetectParams, type LivePost, type OrgId } from '@vigil/contracts'
import { isVigilError, partitionOfAccount, partitionOfKey, postKeys } from '@vigil/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feedSignals } from './live-detection.js'
import {
  connectNats,
  LIVE_NEEDS_NATS,
  openPostStream,
  POSTS_PER_BATCH,
  POSTS_PER_MESSAGE,
  partitionHeads,
  postStreamOf,
  readPostBatch,
  readPostStream,
} from './post-stream.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

const post = (i: number): LivePost => ({
  account: `a${i % 7}`,
  post: `p${i}`,
  time: 1_600_000_000_000 + i * 1000,
  reshare: false,
  texts: [`text ${i}`],
  reshared: [],
  replyTo: [],
  urls: [],
  domains: [],
  hashtags: ['vote'],
  mentions: [],
  images: [],
})

describe('a feed post stream on the real NATS JetStream', () => {
  let nc: NatsConnection
  // A stream of its own, so parallel runs never meet.
  const orgId = randomUUID() as OrgId
  const feed = `t-${randomUUID().slice(0, 8)}`
  const routed = { name: feed, partitions: 16, params: DetectParams.parse({}) }
  let streamName = ''

  beforeAll(async () => {
    nc = await connectNats(NATS_URL)
  })
  afterAll(async () => {
    if (streamName) await (await jetstreamManager(nc)).streams.delete(streamName)
    await nc.close()
  })

  it('routes each batch to the partitions’ subjects, many posts per message, stored once however often it is sent again', async () => {
    const stream = await openPostStream(nc, orgId, routed)
    streamName = stream.stream
    const posts = Array.from({ length: POSTS_PER_BATCH * 2 + 10 }, (_, i) => post(i))
    expect(await stream.publish(posts)).toEqual({ stored: posts.length, duplicates: 0 })
    expect(await stream.publish(posts)).toEqual({ stored: 0, duplicates: posts.length })
    const again = await openPostStream(nc, orgId, routed)
    expect(await again.publish(posts.slice(0, POSTS_PER_BATCH))).toEqual({ stored: 0, duplicates: POSTS_PER_BATCH })
    // Each post once, in publish order, from its own partition's messages.
    expect(await readPostStream(nc, orgId, feed)).toEqual(posts)

    const jsm = await jetstreamManager(nc)
    const info = await jsm.streams.info(stream.stream)
    const signals = feedSignals(routed.params)
    const hashtag = partitionOfKey('co-hashtag', 'vote', routed.partitions)
    const perPartition = new Map<number, number>()
    for (let seq = 1; seq <= info.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream.stream, { seq })
      if (!message) continue
      const p = Number(message.subject.split('.').at(-1))
      expect(message.subject).toBe(postStreamOf(orgId, feed).partitionSubject(p))
      const batch = readPostBatch(message.data)
      expect(batch.posts.length).toBeLessThanOrEqual(POSTS_PER_MESSAGE)
      // A partition receives its own accounts' posts and the posts with a key of its own, nothing else.
      batch.posts.forEach((x, i) => {
        const own = partitionOfAccount(x.account, routed.partitions) === p
        expect(batch.owned.includes(i)).toBe(own)
        expect(own || postKeys(x, signals).some((k) => partitionOfKey(k.signal, k.key, 16) === p)).toBe(true)
      })
      // In batch order: a partition's watermark follows event time as it comes.
      expect(batch.at).toEqual([...batch.at].sort((a, b) => a - b))
      perPartition.set(p, (perPartition.get(p) ?? 0) + batch.posts.length)
    }
    // Every post shares the hashtag: its partition receives them all, cut into messages of at most 500.
    expect(perPartition.get(hashtag)).toBe(posts.length)
    expect([...perPartition.values()].reduce((a, b) => a + b, 0)).toBeLessThan(posts.length * 3)
    expect(await partitionHeads(nc, orgId, routed)).toHaveLength(16)
  })

  it('reads the stream past a message that is not a batch of posts, as the workers do', async () => {
    const own = { ...routed, name: `${feed}-raw` }
    const stream = await openPostStream(nc, orgId, own)
    const js = jetstream(nc)
    try {
      await stream.publish([post(1)])
      await js.publish(postStreamOf(orgId, own.name).partitionSubject(0), 'not a batch')
      await stream.publish([post(2)])
      expect(await readPostStream(nc, orgId, own.name)).toEqual([post(1), post(2)])
    } finally {
      await (await jetstreamManager(nc)).streams.delete(stream.stream)
    }
  })

  it('refuses a message that is not a batch of posts', () => {
    expect(() => readPostBatch(new TextEncoder().encode('{"posts":[{"account":""}],"at":[0],"owned":[]}'))).toThrow(/not a batch of posts/)
    expect(() => readPostBatch(new TextEncoder().encode('{"posts":[],"at":[],"owned":[0]}'))).toThrow(/not a batch of posts/)
  })

  it('says in one line that live detection needs NATS, and how to start it', async () => {
    await expect(connectNats(undefined)).rejects.toSatisfy(
      (e) => isVigilError(e) && e.code === 'LIVE_UNAVAILABLE' && e.message === LIVE_NEEDS_NATS,
    )
    await expect(connectNats('nats://127.0.0.1:1')).rejects.toSatisfy(
      (e) => isVigilError(e) && e.code === 'LIVE_UNAVAILABLE' && e.message.startsWith(LIVE_NEEDS_NATS),
    )
  })
})
