import { randomUUID } from 'node:crypto'
import { jetstreamManager } from '@nats-io/jetstream'
import { DetectParams, type LivePost, type OrgId } from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { afterAll, expect, it } from 'vitest'
import { connectNats, openPostStream } from './post-stream.js'
import { readDumpPosts } from './read-dump-posts.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

describeWithShared('replaying a real dump into a feed stream', 'data/cib/coortweet/russian_coord_tweets.csv', (file) => {
  const streams: string[] = []
  afterAll(async () => {
    const nc = await connectNats(NATS_URL)
    const jsm = await jetstreamManager(nc)
    for (const s of streams) await jsm.streams.delete(s)
    await nc.close()
  })

  const replay = async (orgId: OrgId, feed: string) => {
    const nc = await connectNats(NATS_URL)
    const stream = await openPostStream(nc, orgId, { name: feed, partitions: 16, params: DetectParams.parse({}) })
    if (!streams.includes(stream.stream)) streams.push(stream.stream)
    const posts: LivePost[] = []
    let stored = 0
    let duplicates = 0
    for await (const step of readDumpPosts([file])) {
      posts.push(...step.posts)
      const r = await stream.publish(step.posts)
      stored += r.stored
      duplicates += r.duplicates
    }
    await nc.close()
    return { posts, stored, duplicates }
  }

  it('reads every post of the dump through the batch reader and stores a replay once', async () => {
    const orgId = randomUUID() as OrgId
    const feed = `replay-${randomUUID().slice(0, 8)}`
    const first = await replay(orgId, feed)
    // 35,125 rows, 35,085 distinct posts (PROVENANCE.md).
    expect(new Set(first.posts.map((p) => `${p.account}/${p.post}`)).size).toBe(35_085)
    expect(first.posts.every((p) => p.reshare && p.reshared.length > 0)).toBe(true)
    expect(first).toMatchObject({ stored: first.posts.length, duplicates: 0 })
    const second = await replay(orgId, feed)
    expect(second).toMatchObject({ stored: 0, duplicates: first.posts.length })
  }, 120_000)
})
