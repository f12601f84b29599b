import { LiveFeedStatus, LiveIngestResult } from '@vigil/contracts'
import {
  connectNats,
  createLiveFeedStore,
  deleteLiveFeedStreams,
  isDrained,
  readPostStream,
  runLiveWorker,
  type VigilDatabase,
} from '@vigil/storage'
import { openTestDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

const line = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    account: `a${i % 5}`,
    post: `p${i}`,
    time: 1_714_557_600 + i,
    text: `vote #Day${i % 3} https://news.example/${i % 4}`,
    ...extra,
  })

describe('POST /api/v1/live/feeds/:feed/posts on the real NATS JetStream', () => {
  let database: VigilDatabase
  let app: VigilApp
  let offline: VigilApp
  let analyst: SeededUser
  let reviewer: SeededUser
  let outsider: SeededUser
  const feed = `ingest-${Date.now().toString(36)}`

  beforeAll(async () => {
    database = await openTestDatabase('pglite')
    const identity = testAuthDeps(database)
    app = await buildTestApp(database, {
      identity,
      env: { VIGIL_NATS_URL: NATS_URL, VIGIL_LIVE_INGEST_LIMIT: '65536', VIGIL_LIVE_INGEST_PER_MINUTE: '8' },
    })
    offline = await buildTestApp(database, { identity })
    analyst = await seedUser(identity, { roles: ['analyst'] })
    reviewer = await seedUser(identity, { roles: ['reviewer'], org: analyst.org })
    outsider = await seedUser(identity, { roles: ['analyst'] })
    const created = await app.inject({ method: 'POST', url: '/api/v1/live/feeds', headers: analyst.headers, payload: { name: feed } })
    expect(created.statusCode, created.body).toBe(201)
  })
  afterAll(async () => {
    const nc = await connectNats(NATS_URL)
    await deleteLiveFeedStreams(nc, analyst.org.id, feed)
    await nc.close()
    await app.close()
    await offline.close()
    await database.close()
  })

  const ingest = (body: string, as: SeededUser = analyst, target = app, name = feed) =>
    target.inject({
      method: 'POST',
      url: `/api/v1/live/feeds/${name}/posts`,
      headers: { ...as.headers, 'content-type': 'application/x-ndjson' },
      payload: body,
    })

  it('stores the good lines in the stream once, reporting each bad line by number', async () => {
    const body = [line(1), 'oops', line(2), JSON.stringify({ account: 'a9', time: 1 }), line(3, { time: 'soon' }), line(4), ''].join('\n')
    const first = await ingest(body)
    expect(first.statusCode, first.body).toBe(200)
    expect(LiveIngestResult.parse(first.json())).toEqual({
      received: 6,
      stored: 3,
      duplicates: 0,
      bad: [
        { line: 2, reason: 'not JSON' },
        { line: 4, reason: 'no post id' },
        { line: 5, reason: 'unreadable time: soon' },
      ],
    })
    // A retried request is stored once.
    expect(LiveIngestResult.parse((await ingest(body)).json())).toMatchObject({ stored: 0, duplicates: 3 })

    const nc = await connectNats(NATS_URL)
    const posts = await readPostStream(nc, analyst.org.id, feed)
    await nc.close()
    expect(posts.map((p) => p.post)).toEqual(['p1', 'p2', 'p4'])
    expect(posts[0]).toMatchObject({ account: 'a1', time: 1_714_557_601_000, hashtags: ['day1'], domains: ['news.example'] })

    const status = await app.inject({ url: `/api/v1/live/feeds/${feed}/status?sample=100`, headers: analyst.headers })
    expect(status.statusCode, status.body).toBe(200)
    expect(status.json()).toMatchObject({ feed, partitions: 16, stream: { exists: true }, consumers: [], alerts: 0 })
    // One batch: a message for each partition its three posts reach (their accounts' and their keys').
    expect(status.json().stream.messages).toBeGreaterThanOrEqual(1)
    expect(status.json().stream.messages).toBeLessThanOrEqual(16)
    expect(status.json().messagesPerSecond).toBeGreaterThanOrEqual(0)
    expect(status.json()).toMatchObject({
      workers: [],
      aggregator: null,
      partitionStates: Array.from({ length: 16 }, () => ({ lag: null, owner: null, seq: 0 })),
    })
  })

  it('shows the live worker, the aggregator apart from it, and per partition its lag, owner, commit and late keys', async () => {
    // p104 shares its link and domain with p100, 996 s newer: behind the 60 s lateness in their partitions.
    expect((await ingest([line(100, { time: 1_714_558_600 }), line(104)].join('\n'))).statusCode).toBe(200)
    const nc = await connectNats(NATS_URL)
    const created = await createLiveFeedStore(database.db).get(analyst.org.id, feed)
    const worker = await runLiveWorker({ nc, orgId: analyst.org.id, feed: created, db: database.db, aggregateEveryMs: 0 })
    // A worker that only aggregates: it holds the aggregator lease, takes no partition and is not counted among the workers.
    let firstRound: () => void = () => {}
    const aggregated = new Promise<void>((r) => {
      firstRound = r
    })
    const aggregator = await runLiveWorker({
      nc,
      orgId: analyst.org.id,
      feed: created,
      db: database.db,
      partitions: false,
      onNetworksUpdated: () => firstRound(),
    })
    try {
      while (!(await isDrained(nc, analyst.org.id, created))) await new Promise((r) => setTimeout(r, 100))
      await aggregated
      const status = await app.inject({ url: `/api/v1/live/feeds/${feed}/status`, headers: analyst.headers })
      expect(status.statusCode, status.body).toBe(200)
      const { workers, partitionStates, ...rest } = LiveFeedStatus.parse(status.json())
      expect(workers).toEqual([worker.id])
      expect(rest.aggregator).toBe(aggregator.id)
      expect(aggregator.owned()).toEqual([])
      expect(partitionStates.map((p) => p.owner)).toEqual(Array.from({ length: 16 }, () => worker.id))
      const committed = partitionStates.filter((p) => p.seq > 0)
      expect(committed.length).toBeGreaterThan(0)
      for (const p of committed) expect(p).toMatchObject({ committedBy: worker.id, lag: expect.any(Number), rejected: 0 })
      expect(partitionStates.reduce((n, p) => n + p.late, 0)).toBeGreaterThanOrEqual(1)
    } finally {
      await worker.stop()
      await aggregator.stop()
      await nc.close()
    }
  }, 60_000)

  it('refuses callers without live:ingest, other organisations, too large bodies and too many requests', async () => {
    expect((await ingest(line(5), reviewer)).statusCode).toBe(403)
    expect((await ingest(line(5), outsider)).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url: `/api/v1/live/feeds/${feed}/posts`, payload: line(5) })).statusCode).toBe(401)
    const big = Array.from({ length: 1000 }, (_, i) => line(i)).join('\n')
    const tooLarge = await ingest(big)
    expect(tooLarge.statusCode).toBe(413)
    expect(tooLarge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await ingest(line(100 + i))).statusCode)
    expect(statuses).toContain(429)
  })

  it('says in one line that live detection needs NATS when the server has none', async () => {
    const res = await ingest(line(1), analyst, offline)
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ error: { code: 'LIVE_UNAVAILABLE', message: expect.stringContaining('start `nats-server -js`') } })
  })
})
