import { randomUUID } from 'node:crypto'
import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import type { LivePost, OrgId } from '@vigil/contracts'
import { isVigilError } from '@vigil/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectNats, LIVE_NEEDS_NATS, openPostStream, POSTS_PER_MESSAGE, readPostBatch } from './post-stream.js'

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
  let streamName = ''

  beforeAll(async () => {
    nc = await connectNats(NATS_URL)
  })
  afterAll(async () => {
    if (streamName) await (await jetstreamManager(nc)).streams.delete(streamName)
    await nc.close()
  })

  it('stores posts many per message, once, however often a batch is sent again', async () => {
    const stream = await openPostStream(nc, orgId, feed)
    streamName = stream.stream
    const posts = Array.from({ length: POSTS_PER_MESSAGE * 2 + 10 }, (_, i) => post(i))
    expect(await stream.publish(posts)).toEqual({ stored: posts.length, duplicates: 0 })
    expect(await stream.publish(posts)).toEqual({ stored: 0, duplicates: posts.length })
    const again = await openPostStream(nc, orgId, feed)
    expect(await again.publish(posts.slice(0, POSTS_PER_MESSAGE))).toEqual({ stored: 0, duplicates: POSTS_PER_MESSAGE })

    const jsm = await jetstreamManager(nc)
    const info = await jsm.streams.info(stream.stream)
    expect(info.state.messages).toBe(3)
    const read: LivePost[] = []
    for (let seq = 1; seq <= 3; seq++) {
      const message = await jsm.streams.getMessage(stream.stream, { seq })
      read.push(...readPostBatch((message as { data: Uint8Array }).data))
    }
    expect(read).toEqual(posts)
  })

  it('refuses a message that is not a batch of posts', () => {
    expect(() => readPostBatch(new TextEncoder().encode('{"posts":[{"account":""}]}'))).toThrow(/not a batch of posts/)
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
