import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import type { NatsConnection } from '@nats-io/transport-node'
import { DetectParams, type LiveFeed, type LivePost, type MappableField, type OrgId } from '@vigil/contracts'
import { describeWithShared, GERMAN_ELECTIONS_MAP } from '@vigil/contracts/test-support'
import { availableSignals, detectFormat } from '@vigil/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { inputKind, readHeader } from '../detect/read-header.js'
import { runDetection } from '../detect/run-detection.js'
import { writeDetectOutputs } from '../detect/write-outputs.js'
import { openDatabase, type VigilDatabase } from '../postgres/open-database.js'
import { createScratchDatabase } from '../test-support/test-database.js'
import { exportLiveFeed } from './live-detection.js'
import { deleteLiveFeedStreams } from './live-names.js'
import { isDrained } from './live-status.js'
import { runLiveWorker } from './live-worker.js'
import { connectNats, openPostStream } from './post-stream.js'
import { readDumpPosts } from './read-dump-posts.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

/**
 * The other real dumps of `data/cib` (live-equivalence.test.ts runs the Russian one in every
 * scenario): one scenario each, a replay in event-time order through one worker, for every
 * signal the dump has, `co-similar-text` included where it has texts. The German and IRA
 * dumps are cut to their first `rows` records (DuckDB copies them to a CSV of the same
 * header), so the file stays within CI time; the X takedown runs whole.
 */
const DUMPS: { path: string; map?: Partial<Record<MappableField, string>>; rows?: number }[] = [
  { path: 'data/cib/coortweet/german_elections.csv', map: GERMAN_ELECTIONS_MAP, rows: 40_000 },
  { path: 'data/cib/ira_538_by_author/tweets_2016-10-01_2016-11-15.csv', rows: 30_000 },
  { path: 'data/cib/x_io_archive/thailand_092020_tweets_csv_hashed.csv.gz' },
]

for (const dump of DUMPS) {
  describeWithShared(`live detection gives batch edges on ${dump.path.split('/').at(-1)}`, dump.path, (source) => {
    let nc: NatsConnection
    let database: VigilDatabase
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>>
    let dir = ''
    const orgId = randomUUID() as OrgId
    const name = `eqd-${randomUUID().slice(0, 8)}`

    beforeAll(async () => {
      nc = await connectNats(NATS_URL)
      scratch = await createScratchDatabase()
      database = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 })
      dir = await mkdtemp(join(tmpdir(), 'vigil-eqd-'))
    }, 120_000)

    afterAll(async () => {
      await deleteLiveFeedStreams(nc, orgId, name)
      await nc?.close()
      await database?.close()
      await scratch?.drop()
      await rm(dir, { recursive: true, force: true })
    })

    it('replays it through a worker: every signal’s edge file is batch’s, byte for byte', async () => {
      let file = source
      if (dump.rows !== undefined) {
        file = join(dir, 'sample.csv')
        const connection = await (await DuckDBInstance.create(':memory:')).connect()
        await connection.run(
          `COPY (SELECT * FROM read_csv('${source}', all_varchar = true, header = true) LIMIT ${dump.rows}) TO '${file}' (HEADER)`,
        )
        connection.closeSync()
      }
      const spec = detectFormat(await readHeader(file, inputKind(file)), dump.map)
      const signals = availableSignals(spec).filter((s) => s !== 'co-profile')
      const params = DetectParams.parse({ signals, window: 60, minRepeat: 2, ...(dump.map ? { map: dump.map } : {}) })
      const batchDir = join(dir, 'batch')
      await writeDetectOutputs(
        batchDir,
        await runDetection({ files: [file], ...params, ...(dump.map ? { map: dump.map } : {}), strict: false }),
      )

      let posts: LivePost[] = []
      for await (const step of readDumpPosts([file], dump.map)) posts.push(...step.posts)
      posts = posts
        .map((p, i) => [p, i] as const)
        .sort(([a, i], [b, j]) => a.time - b.time || i - j)
        .map(([p]) => p)
      const feed: LiveFeed = { name, params, partitions: 16, lateness: 60, createdBy: 'test', createdAt: new Date().toISOString() }
      await (await openPostStream(nc, orgId, feed)).publish(posts)
      const worker = await runLiveWorker({ nc, orgId, feed, db: database.db, aggregateEveryMs: 0 })
      // A poll may time out while the worker, in this process, keeps the event loop busy: poll again.
      while (!(await isDrained(nc, orgId, feed).catch(() => false))) await new Promise((r) => setTimeout(r, 250))
      await worker.stop()

      const out = join(dir, 'live')
      const { detection } = await exportLiveFeed(database.db, orgId, name, params, out)
      expect(detection.edges.length).toBeGreaterThan(0)
      for (const signal of signals) {
        const live = await readFile(join(out, 'edges', `${signal}.csv`), 'utf8')
        const batch = await readFile(join(batchDir, 'edges', `${signal}.csv`), 'utf8')
        expect(live.split('\n').length, signal).toBe(batch.split('\n').length)
        expect(live, signal).toBe(batch)
      }
    }, 600_000)
  })
}
