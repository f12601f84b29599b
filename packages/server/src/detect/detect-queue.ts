import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { type Clock, isVigilError } from '@vigil/core'
import { type DetectRunStore, runDetection, storedDumpPath, sweepDumps, type VigilDatabase } from '@vigil/storage'
import PgBoss from 'pg-boss'
import type { Logger } from 'pino'

/** The pg-boss queue of detection runs. */
export const DETECT_QUEUE = 'detect-run'

export interface DetectQueueOptions {
  readonly database: VigilDatabase
  readonly store: DetectRunStore
  /** Where uploaded and copied dumps live, content-addressed. */
  readonly uploadsDir: string
  readonly clock: Clock
  readonly logger: Logger
  /** How long a worker may go unheard before its runs are taken over (PostgreSQL; seconds). */
  readonly workerTimeoutSeconds: number
  /** Attempts after the first (default 2). */
  readonly retryLimit?: number
  /** pg-boss's own time limit on one attempt (default 6 hours). */
  readonly expireInSeconds?: number
  /** How old a dump no run needs must be before it is deleted (default 1 hour; see sweepUploads). */
  readonly uploadGraceSeconds?: number
}

/** A started queue: send runs to it, and stop it before the database closes. */
export interface DetectQueue {
  /** This server instance's worker id, recorded on the runs it works on. */
  readonly workerId: string
  enqueue(runId: string): Promise<void>
  /** Hands runs of dead workers back to pg-boss for a retry; the ids it recovered. */
  recoverOrphans(): Promise<string[]>
  /**
   * Deletes the uploaded dumps no queued or running run reads (and half-written uploads)
   * once older than the grace: dumps hold people's posts and are kept only while a run may
   * still read them. Runs at start and with each heartbeat; the names it deleted.
   */
  sweepUploads(): Promise<string[]>
  stop(): Promise<void>
}

// Errors in what the user gave (a bad dump, a signal the dump has no fields for) fail the
// run at once: retrying cannot help.
const USER_ERRORS = ['VALIDATION_FAILED', 'DETECT_INPUT_INVALID', 'DETECT_SIGNAL_UNAVAILABLE', 'NOT_FOUND'] as const

/**
 * Starts pg-boss 10 on Vigil's own database (through `database.executeSql`, so on PGlite
 * its statements take turns with Kysely's on the one connection) and works the detection
 * queue one run at a time.
 *
 * Restart safety: a worker records itself and a heartbeat on the run it holds. pg-boss 10
 * keeps a dead worker's job `active` until it expires, so at start and then periodically
 * each instance looks for runs marked running whose worker is gone — on PGlite any worker
 * but itself (the data directory is locked to one process), on PostgreSQL a worker unheard
 * for `workerTimeoutSeconds` — and for queued runs whose job a dead worker took but never
 * claimed (recoverOrphans), puts the run back in the queue and fails the job, which pg-boss
 * then retries. Results are written in one transaction, guarded by the worker's
 * claim, so the retry starts from nothing and writes everything once.
 */
export async function startDetectQueue(options: DetectQueueOptions): Promise<DetectQueue> {
  const { store, clock, logger } = options
  const workerId = randomUUID()
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => options.database.executeSql(text, values) as Promise<{ rows: unknown[] }> },
    schema: 'pgboss',
    supervise: true,
    schedule: false,
    migrate: true,
  })
  boss.on('error', (err) => logger.error({ err }, 'detect queue'))
  await boss.start()
  await boss.createQueue(DETECT_QUEUE, {
    name: DETECT_QUEUE,
    retryLimit: options.retryLimit ?? 2,
    retryDelay: 1,
    expireInSeconds: options.expireInSeconds ?? 6 * 3600,
  })

  let current: { runId: string; abort: AbortController; done: Promise<unknown> } | undefined

  async function work(runId: string, final: boolean, signal: AbortSignal): Promise<void> {
    const input = await store.jobInput(runId)
    if (!input || input.status === 'completed' || input.status === 'failed') return
    if (!(await store.claimRun(runId, workerId, clock.now()))) return
    let progress = Promise.resolve()
    try {
      const detection = await runDetection(
        {
          files: input.files.map((f) => storedDumpPath(options.uploadsDir, f)),
          names: input.files.map((f) => f.name),
          ...(input.params.map ? { map: input.params.map } : {}),
          ...(input.params.signals ? { signals: input.params.signals } : {}),
          window: input.params.window,
          minRepeat: input.params.minRepeat,
          weight: input.params.weight,
          repeat: input.params.repeat,
          similarity: input.params.similarity,
          strict: false,
          excludeAccounts: input.excludeAccounts,
          signal,
        },
        (stage, index) => {
          progress = progress.then(() => store.setStage(runId, workerId, stage, index, clock.now())).catch(() => {})
        },
      )
      await progress
      const written = await store.completeRun(runId, workerId, detection, clock.now())
      logger.info({ runId, written, networks: detection.networks.networks.length }, 'detection run finished')
    } catch (err) {
      await progress
      // Stopping: stop() has put the run back in the queue and pg-boss fails the job for a
      // retry, unless this was the last attempt: then the run has failed for good.
      if (signal.aborted) {
        if (final) await store.failRun(runId, 'the server stopped during its last attempt', true, clock.now())
        throw err
      }
      const userError = USER_ERRORS.some((code) => isVigilError(err, code))
      const message = userError || isVigilError(err) ? (err as Error).message : 'detection failed; see the server log'
      await store.failRun(runId, message, final || userError, clock.now(), workerId)
      if (userError) return
      logger.error({ err, runId }, 'detection run failed')
      throw err
    }
  }

  /** Fails the run's job for a retry; when that was its last attempt, the run has failed for good. */
  async function retry(runId: string, reason: string, now: Date): Promise<void> {
    // The job's id is the run's.
    await boss.fail(DETECT_QUEUE, runId, { message: reason })
    const job = await boss.getJobById(DETECT_QUEUE, runId)
    if (job?.state === 'failed') await store.failRun(runId, 'the server stopped while running it, on every attempt', true, now)
  }

  /**
   * Hands back runs of dead workers. Running ones: on PGlite any worker's but this one's,
   * on PostgreSQL a worker unheard for `workerTimeoutSeconds`. Queued ones whose job
   * pg-boss has handed out: a server that died between taking the job and claiming the run
   * leaves it active until it expires (6 h). Claiming takes milliseconds, so a job active
   * that long without a claim is a dead worker's; at start on PGlite, before this instance
   * takes any job, every such job is.
   */
  async function recoverOrphans(starting = false): Promise<string[]> {
    const now = clock.now()
    const timeoutMs = options.workerTimeoutSeconds * 1000
    const pglite = options.database.kind === 'pglite'
    const staleBefore = new Date(now.getTime() + (pglite ? 1 : -timeoutMs))
    const recovered: string[] = []
    for (const orphan of await store.orphanedRuns(workerId, staleBefore)) {
      await store.failRun(orphan.id, 'the server running it stopped; it runs again', false, now, orphan.workerId ?? undefined)
      await retry(orphan.id, 'worker gone', now)
      recovered.push(orphan.id)
    }
    for (const runId of await store.queuedRuns()) {
      if (current?.runId === runId) continue
      const job = await boss.getJobById(DETECT_QUEUE, runId)
      if (job?.state !== 'active') continue
      if (!(starting && pglite) && now.getTime() - new Date(job.startedOn).getTime() < timeoutMs) continue
      await retry(runId, 'worker gone before it claimed the run', now)
      recovered.push(runId)
    }
    if (recovered.length > 0) logger.warn({ runs: recovered }, 'detection runs of a stopped server put back in the queue')
    return recovered
  }

  async function sweepUploads(): Promise<string[]> {
    const writtenBefore = new Date(clock.now().getTime() - (options.uploadGraceSeconds ?? 3600) * 1000)
    const deleted = await sweepDumps(options.uploadsDir, await store.dumpsInUse(), writtenBefore)
    if (deleted.length > 0) logger.info({ files: deleted }, 'uploaded dumps no run needs deleted')
    return deleted
  }

  await recoverOrphans(true)
  await sweepUploads()
  await boss.work<{ runId: string }>(DETECT_QUEUE, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (!job) return
    const abort = new AbortController()
    const done = work(job.data.runId, job.retryCount >= job.retryLimit, abort.signal)
    current = { runId: job.data.runId, abort, done: done.catch(() => {}) }
    try {
      await done
    } finally {
      current = undefined
    }
  })

  const heartbeatMs = Math.max(1000, (options.workerTimeoutSeconds * 1000) / 4)
  const timer = setInterval(() => {
    store
      .heartbeat(workerId, clock.now())
      .then(() => recoverOrphans())
      .then(sweepUploads)
      .catch((err) => logger.error({ err }, 'detect queue heartbeat'))
  }, heartbeatMs)
  timer.unref()

  return {
    workerId,
    async enqueue(runId) {
      // The run's id is the job's, so recovery finds the job and a second send is a no-op.
      await boss.send(DETECT_QUEUE, { runId }, { id: runId })
    },
    recoverOrphans,
    sweepUploads,
    async stop() {
      clearInterval(timer)
      const running = current
      // The run in hand goes back to the queue now, for the next start, rather than
      // holding shutdown for as long as detection takes: DuckDB is interrupted and
      // pg-boss fails the job (a retry).
      if (running) {
        await store.failRun(running.runId, 'the server stopped; it runs again at the next start', false, clock.now(), workerId)
        running.abort.abort()
        await running.done
      }
      await boss.stop({ graceful: false, close: false, wait: true })
    },
  }
}

/** The uploads directory under the data directory. */
export function uploadsDirOf(dataDir: string): string {
  return join(dataDir, 'uploads')
}
