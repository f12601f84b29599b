import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DetectionRun, DetectParams } from '@vigil/contracts'
import { describeWithShared, GERMAN_ELECTIONS_MAP } from '@vigil/contracts/test-support'
import { type Clock, systemClock } from '@vigil/core'
import { createDetectReads, createDetectRunStore, type DetectReads, type DetectRunStore, saveDump } from '@vigil/storage'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { sql } from 'kysely'
import PgBoss from 'pg-boss'
import { pino } from 'pino'
import { beforeAll, expect, it, vi } from 'vitest'
import { DETECT_QUEUE, type DetectQueue, startDetectQueue } from './detect-queue.js'

describeWithShared('the detection queue', 'data/cib/coortweet/german_elections.csv', (dumpPath) => {
  describeEachDatabase('stopping and starting', (database) => {
    const uploadsDir = join(tmpdir(), `vigil-queue-${randomUUID()}`)
    let store: DetectRunStore
    let reads: DetectReads
    let analyst: SeededUser
    const analystUser = () => {
      if (analyst.actor.kind !== 'user') throw new Error('a seeded user acts as a user')
      return analyst.actor
    }
    const start = (overrides: { workerTimeoutSeconds?: number; clock?: Clock } = {}) =>
      startDetectQueue({
        database: database(),
        store,
        uploadsDir,
        clock: systemClock,
        logger: pino({ enabled: false }),
        workerTimeoutSeconds: 60,
        uploadGraceSeconds: 0,
        ...overrides,
      })
    const until = (runId: string, done: (run: DetectionRun) => boolean): Promise<DetectionRun> =>
      vi.waitFor(
        async () => {
          const run = await reads.getRun(analystUser(), runId)
          if (!done(run)) throw new Error(`run ${runId} is ${run.status}`)
          return run
        },
        { timeout: 90_000, interval: 50 },
      )
    const networkRows = async (runId: string) =>
      (await sql<{ n: number }>`select count(*)::int as n from detect_networks where run_id = ${runId}`.execute(database().db)).rows[0]?.n

    beforeAll(async () => {
      store = createDetectRunStore(database().db)
      reads = createDetectReads(database().db)
      analyst = await seedUser(testAuthDeps(database()), { roles: ['analyst'] })
    })

    it('hands the run in hand back on stop, and the next start completes it once', async () => {
      const file = await saveDump(uploadsDir, 'german.csv', createReadStream(dumpPath), 1024 ** 3)
      const params = DetectParams.parse({ map: GERMAN_ELECTIONS_MAP, window: 30, minRepeat: 3 })
      const run = await store.createRun({
        id: randomUUID(),
        orgId: analyst.org.id,
        createdBy: analyst.user.id,
        files: [file],
        params,
        now: new Date(),
      })
      let queue: DetectQueue = await start()
      await queue.enqueue(run.id)
      await until(run.id, (r) => r.status === 'running')
      await queue.stop()
      const handedBack = await reads.getRun(analystUser(), run.id)
      expect(handedBack).toMatchObject({ status: 'queued', error: expect.stringMatching(/server stopped/) })
      expect(await networkRows(run.id)).toBe(0)

      queue = await start()
      try {
        const completed = await until(run.id, (r) => r.status === 'completed' || r.status === 'failed')
        expect(completed.status).toBe('completed')
        expect(completed.summary?.run.files).toEqual(['german.csv'])
        const written = await networkRows(run.id)
        expect(written).toBe(completed.summary?.networks)
        // Sending it again is a no-op: the job's id is the run's, and a completed run is never redone.
        await queue.enqueue(run.id)
        const jobs = await sql<{ state: string }>`select state from pgboss.job where id = ${run.id}`.execute(database().db)
        expect(jobs.rows).toEqual([{ state: 'completed' }])
        expect(await reads.getRun(analystUser(), run.id)).toEqual(completed)
        expect(await networkRows(run.id)).toBe(written)
      } finally {
        await queue.stop()
      }
    }, 240_000)

    it('fails a run over an unreadable dump at once, without retrying', async () => {
      const file = await saveDump(uploadsDir, 'empty.csv', createReadStream(join(import.meta.dirname, 'detect-queue.test.ts')), 1024 ** 2)
      const run = await store.createRun({
        id: randomUUID(),
        orgId: analyst.org.id,
        createdBy: analyst.user.id,
        files: [file],
        params: DetectParams.parse({}),
        now: new Date(),
      })
      const queue = await start()
      try {
        await queue.enqueue(run.id)
        const failed = await until(run.id, (r) => r.status === 'failed' || r.status === 'completed')
        expect(failed).toMatchObject({ status: 'failed', stage: 'failed' })
        // Named by the uploaded file's name, not the stored uploads/<sha256>.csv.
        expect(failed.error).toMatch(/^empty\.csv: /)
        expect(failed.error).not.toMatch(/uploads|[0-9a-f]{64}/)
        // The job itself ends on its first attempt: nothing to retry. The run is marked failed
        // before the job's handler returns, so pg-boss completes the job a moment later.
        await vi.waitFor(
          async () => {
            const jobs = await sql<{ state: string; retry_count: number }>`
              select state, retry_count from pgboss.job where id = ${run.id}`.execute(database().db)
            expect(jobs.rows).toEqual([{ state: 'completed', retry_count: 0 }])
          },
          { timeout: 30_000, interval: 50 },
        )
        // Neither this dump nor the first test's (completed) is needed by a run any more.
        await queue.sweepUploads()
        expect(await readdir(uploadsDir)).toEqual([])
      } finally {
        await queue.stop()
      }
    }, 120_000)

    it('retries a run whose job a server took and died before claiming', async () => {
      await (await start()).stop()
      const file = await saveDump(uploadsDir, 'german.csv', createReadStream(dumpPath), 1024 ** 3)
      const run = await store.createRun({
        id: randomUUID(),
        orgId: analyst.org.id,
        createdBy: analyst.user.id,
        files: [file],
        params: DetectParams.parse({ map: GERMAN_ELECTIONS_MAP, window: 30, minRepeat: 3 }),
        now: new Date(),
      })
      // The dead server: it took the job from pg-boss, then nothing.
      const dead = new PgBoss({
        db: { executeSql: (text: string, values?: unknown[]) => database().executeSql(text, values) as Promise<{ rows: unknown[] }> },
        schema: 'pgboss',
        supervise: false,
        schedule: false,
        migrate: false,
      })
      await dead.start()
      await dead.send(DETECT_QUEUE, { runId: run.id }, { id: run.id })
      expect((await dead.fetch(DETECT_QUEUE)).map((j) => j.id)).toEqual([run.id])
      await dead.stop({ graceful: false, close: false, wait: true })
      expect((await reads.getRun(analystUser(), run.id)).status).toBe('queued')
      // A clock past the worker timeout, so PostgreSQL's instance, too, counts the job as a dead one's.
      const later: Clock = { now: () => new Date(Date.now() + 2000) }
      const queue = await start({ workerTimeoutSeconds: 1, clock: later })
      try {
        const done = await until(run.id, (r) => r.status === 'completed' || r.status === 'failed')
        expect(done.status).toBe('completed')
        expect(await networkRows(run.id)).toBe(done.summary?.networks)
      } finally {
        await queue.stop()
      }
    }, 120_000)
  })
})
