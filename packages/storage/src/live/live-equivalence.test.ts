import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { NatsConnection } from '@nats-io/transport-node'
import { DetectParams, type LiveFeed, type LivePost, type OrgId } from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { availableSignals, detectFormat } from '@vigil/core'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { inputKind, readHeader } from '../detect/read-header.js'
import { runDetection } from '../detect/run-detection.js'
import { writeDetectOutputs } from '../detect/write-outputs.js'
import { openDatabase, type VigilDatabase } from '../postgres/open-database.js'
import { createScratchDatabase } from '../test-support/test-database.js'
import { createLiveAggregator } from './live-aggregator.js'
import { exportLiveFeed, liveDetection } from './live-detection.js'
import { deleteLiveFeedStreams } from './live-names.js'
import { isDrained, readCheckpoints } from './live-status.js'
import { type LiveWorker, runLiveWorker } from './live-worker.js'
import { connectNats, openPostStream } from './post-stream.js'
import { readDumpPosts } from './read-dump-posts.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const workerModule = fileURLToPath(new URL('./live-worker.ts', import.meta.url))
const openDatabaseModule = fileURLToPath(new URL('../postgres/open-database.ts', import.meta.url))

const DUMP = 'data/cib/coortweet/russian_coord_tweets.csv'

/** A seeded generator, so a failing order can be replayed. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0
    return ((s >>> 0) % 1_000_000) / 1_000_000
  }
}

describeWithShared('live detection gives batch edges on the Russian CooRTweet sample (real NATS, PostgreSQL)', DUMP, (file) => {
  let nc: NatsConnection
  let database: VigilDatabase
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>
  let posts: LivePost[] = []
  let batchDir = ''
  let signals: ReturnType<typeof availableSignals> = []
  const feeds: { orgId: OrgId; name: string }[] = []
  const dirs: string[] = []

  const params = () => DetectParams.parse({ signals, window: 60, minRepeat: 2 })

  beforeAll(async () => {
    nc = await connectNats(NATS_URL)
    scratch = await createScratchDatabase()
    database = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 })
    for await (const step of readDumpPosts([file])) posts.push(...step.posts)
    // A live stream arrives in event-time order.
    posts = posts
      .map((p, i) => [p, i] as const)
      .sort(([a, i], [b, j]) => a.time - b.time || i - j)
      .map(([p]) => p)
    const spec = detectFormat(await readHeader(file, inputKind(file)))
    signals = availableSignals(spec).filter((s) => s !== 'co-similar-text')
    batchDir = await mkdtemp(join(tmpdir(), 'vigil-batch-'))
    dirs.push(batchDir)
    const detection = await runDetection({ files: [file], ...params(), strict: false, similarity: 0.8 })
    await writeDetectOutputs(batchDir, detection)
  }, 240_000)

  afterAll(async () => {
    for (const f of feeds) await deleteLiveFeedStreams(nc, f.orgId, f.name)
    await nc?.close()
    await database?.close()
    await scratch?.drop()
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  function newFeed(lateness: number): { orgId: OrgId; feed: LiveFeed } {
    const orgId = randomUUID() as OrgId
    const feed: LiveFeed = {
      name: `eq-${randomUUID().slice(0, 8)}`,
      params: params(),
      partitions: 16,
      lateness,
      createdBy: 'test@example.org',
      createdAt: new Date().toISOString(),
    }
    feeds.push({ orgId, name: feed.name })
    return { orgId, feed }
  }

  /** Waits until every partition has committed the last message of its subject. */
  async function drained(orgId: OrgId, feed: LiveFeed): Promise<void> {
    while (!(await isDrained(nc, orgId, feed))) await new Promise((r) => setTimeout(r, 250))
  }

  /** Compares the exported edge files with batch's; returns the late keys counted. */
  async function expectBatchEdges(orgId: OrgId, feed: LiveFeed): Promise<number> {
    const out = await mkdtemp(join(tmpdir(), 'vigil-live-'))
    dirs.push(out)
    const { detection } = await exportLiveFeed(database.db, orgId, feed.name, feed.params, out)
    expect(detection.edges.length).toBeGreaterThan(0)
    for (const signal of signals) {
      const live = await readFile(join(out, 'edges', `${signal}.csv`), 'utf8')
      const batch = await readFile(join(batchDir, 'edges', `${signal}.csv`), 'utf8')
      expect(live.split('\n').length, signal).toBe(batch.split('\n').length)
      expect(live, signal).toBe(batch)
    }
    const ckpts = await readCheckpoints(nc, orgId, feed)
    return ckpts.reduce((n, c) => n + (c?.mark.late ?? 0), 0)
  }

  it('replays the dump through one worker: the exported edge files are batch’s, byte for byte', async () => {
    const { orgId, feed } = newFeed(60)
    const stream = await openPostStream(nc, orgId, feed)
    await stream.publish(posts)
    const worker = await runLiveWorker({ nc, orgId, feed, db: database.db, aggregateEveryMs: 0 })
    await drained(orgId, feed)
    await worker.stop()
    expect(await expectBatchEdges(orgId, feed)).toBe(0)
  }, 240_000)

  it('gives the same edges with posts out of order within the lateness, each published twice, by two workers, and the networks kept by touched components equal the whole feed’s', async () => {
    const lateness = 300
    const { orgId, feed } = newFeed(lateness)
    const next = random(19)
    const shuffled = posts
      .map((p) => [p, p.time + next() * lateness * 1000] as const)
      .sort(([, a], [, b]) => a - b)
      .map(([p]) => p)
    const stream = await openPostStream(nc, orgId, feed)
    const workers: LiveWorker[] = []
    workers.push(await runLiveWorker({ nc, orgId, feed, db: database.db, aggregateEveryMs: 0 }))
    await stream.publish(shuffled.slice(0, 10_000))
    await drained(orgId, feed)
    // The networks from here on are kept by recomputing the touched components only, as pairs come.
    const aggregator = createLiveAggregator(database.db, orgId, feed)
    const first = await aggregator.update()
    expect(first?.full).toBe(true)
    let latest = first
    let replaying = true
    const aggregating = (async () => {
      while (replaying) {
        latest = (await aggregator.update()) ?? latest
        await new Promise((r) => setTimeout(r, 200))
      }
    })()
    workers.push(await runLiveWorker({ nc, orgId, feed, db: database.db, aggregateEveryMs: 0 }))
    await stream.publish(shuffled.slice(10_000))
    // The same posts again, cut into other batches: the stream stores them, the pair keys
    // make them harmless; those behind the watermark by now are counted late, not joined.
    const again = await stream.publish(shuffled.slice(250))
    expect(again.stored).toBe(shuffled.length - 250)
    await drained(orgId, feed)
    replaying = false
    await aggregating
    await Promise.all(workers.map((w) => w.stop()))
    latest = (await aggregator.update()) ?? latest
    expect(latest?.full).toBe(false)
    expect(await expectBatchEdges(orgId, feed)).toBeGreaterThan(0)
    const whole = (await liveDetection(database.db, orgId, feed.name, feed.params)).networks
    expect(whole.networks.length).toBeGreaterThan(first?.networks.networks.length ?? 0)
    expect(latest?.networks.networks).toEqual(whole.networks)
    expect(latest?.networks.run).toEqual(whole.run)
    expect(latest?.networks.edges).toEqual(whole.edges)
  }, 240_000)

  it('keeps its partitions and their windows when PostgreSQL drops its connections mid-replay, and still gives batch’s edges', async () => {
    const { orgId, feed } = newFeed(60)
    const stream = await openPostStream(nc, orgId, feed)
    // The worker's own pool, named so that only its connections are cut.
    const url = new URL(scratch.url)
    url.searchParams.set('application_name', 'vigil-live-cut')
    const cut = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 })
    let retries = 0
    const stopped: number[] = []
    const worker = await runLiveWorker({
      nc,
      orgId,
      feed,
      db: cut.db,
      aggregateEveryMs: 0,
      onRetry: () => retries++,
      onPartitionError: (p) => stopped.push(p),
    })
    let cutting = true
    const cutter = (async () => {
      while (cutting) {
        await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vigil-live-cut'`.execute(database.db)
        await new Promise((r) => setTimeout(r, 300))
      }
    })()
    try {
      for (let i = 0; i < posts.length; i += 2_000) await stream.publish(posts.slice(i, i + 2_000))
      await drained(orgId, feed)
    } finally {
      cutting = false
      await cutter
      await worker.stop()
      await cut.close()
    }
    // Every failed commit was tried again by its owner: no partition was given up and rebuilt.
    expect(retries).toBeGreaterThan(0)
    expect(stopped).toEqual([])
    expect(await expectBatchEdges(orgId, feed)).toBe(0)
  }, 240_000)

  it('loses nothing and counts nothing twice when a worker is killed with SIGKILL mid-replay', async () => {
    const { orgId, feed } = newFeed(60)
    const stream = await openPostStream(nc, orgId, feed)
    await stream.publish(posts.slice(0, 5_000))
    // A worker in a process of its own, killed once it has committed some partitions.
    const code = `const { runLiveWorker } = await import(${JSON.stringify(workerModule)})
const { openDatabase } = await import(${JSON.stringify(openDatabaseModule)})
const database = await openDatabase({ databaseUrl: ${JSON.stringify(scratch.url)}, poolSize: 2 })
let said = false
await runLiveWorker({ natsUrl: ${JSON.stringify(NATS_URL)}, orgId: ${JSON.stringify(orgId)}, feed: ${JSON.stringify(feed)},
  db: database.db, aggregateEveryMs: 0, leaseSeconds: 3, batchMessages: 2,
  onCommit: () => { if (!said) { said = true; process.stdout.write('committed\\n') } } })
setInterval(() => {}, 1000)`
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: `${repoRoot}tsconfig.tests.json` },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const [first] = (await once(child.stdout, 'data')) as [Buffer]
    expect(first.toString()).toBe('committed\n')
    const publishing = stream.publish(posts.slice(5_000))
    child.kill('SIGKILL')
    await once(child, 'exit')
    await publishing
    const before = await readCheckpoints(nc, orgId, feed)
    expect(before.some((c) => c !== undefined)).toBe(true)
    const survivor = await runLiveWorker({ nc, orgId, feed, db: database.db, aggregateEveryMs: 0, leaseSeconds: 3 })
    await drained(orgId, feed)
    await survivor.stop()
    expect(await expectBatchEdges(orgId, feed)).toBe(0)
  }, 240_000)
})
