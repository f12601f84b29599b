import type { Clock } from '@vigil/core'
import { deliverLiveAlert, type EnqueueDeliveries, LiveDeliveryJob, type VigilDatabase } from '@vigil/storage'
import PgBoss from 'pg-boss'

/** The pg-boss queue of alert deliveries: one job per alert and webhook, and per alert for STIX. */
export const LIVE_DELIVERY_QUEUE = 'live-alert-delivery'

/** The part of a logger the queue uses. */
export interface DeliveryLogger {
  warn(details: object, message: string): void
  error(details: object, message: string): void
}

export interface LiveDeliveryQueueOptions {
  readonly database: VigilDatabase
  readonly clock: Clock
  /** Where failed attempts and queue errors are told (a pino logger in `vigil serve`). */
  readonly logger: DeliveryLogger
  /** Attempts in all (`VIGIL_LIVE_WEBHOOK_ATTEMPTS`, default 6). */
  readonly attempts: number
  /** The first retry's delay in seconds; pg-boss doubles it for each retry after (`retryBackoff`). */
  readonly retrySeconds: number
  /** Deliveries worked at once, so a slow endpoint does not hold the others (default 4). */
  readonly concurrency?: number
  /** How a webhook is called (default: global fetch); tests give their own. */
  readonly fetch?: typeof fetch
}

/** A started delivery queue: enqueue within an alert's transaction; stop before the database closes. */
export interface LiveDeliveryQueue {
  readonly enqueue: EnqueueDeliveries
  stop(): Promise<void>
}

/**
 * Starts the alert delivery queue on pg-boss 10, in Vigil's own database like the detection
 * queue (`startDetectQueue`): jobs are sent inside the transaction that stores their alert,
 * so an alert and its deliveries are committed together, and any process that starts the
 * queue works them (`vigil serve`, `vigil live worker`). A failed attempt fails its job and
 * pg-boss retries it with exponential backoff until the attempts are spent; each attempt and
 * the final outcome are audited by `deliverLiveAlert`. A failing endpoint holds only its own job.
 */
export async function startLiveDeliveryQueue(o: LiveDeliveryQueueOptions): Promise<LiveDeliveryQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => o.database.executeSql(text, values) as Promise<{ rows: unknown[] }> },
    schema: 'pgboss',
    supervise: true,
    schedule: false,
    migrate: true,
  })
  boss.on('error', (err) => o.logger.error({ err }, 'live delivery queue'))
  await boss.start()
  await boss.createQueue(LIVE_DELIVERY_QUEUE, {
    name: LIVE_DELIVERY_QUEUE,
    retryLimit: o.attempts - 1,
    retryDelay: o.retrySeconds,
    retryBackoff: true,
    expireInSeconds: 120,
  })
  const deps = { db: o.database.db, clock: o.clock, ...(o.fetch ? { fetch: o.fetch } : {}) }
  for (let i = 0; i < (o.concurrency ?? 4); i++) {
    await boss.work<LiveDeliveryJob>(
      LIVE_DELIVERY_QUEUE,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        if (!job) return
        const data = LiveDeliveryJob.parse(job.data)
        const attempt = { id: job.id, attempt: job.retryCount + 1, final: job.retryCount >= job.retryLimit }
        const outcome = await deliverLiveAlert(deps, data, attempt)
        if (!outcome.ok) {
          o.logger.warn(
            { delivery: job.id, target: data.target, attempt: attempt.attempt, reason: outcome.reason },
            'live alert delivery failed',
          )
          // Failing the job is how pg-boss schedules the retry.
          throw new Error(outcome.reason)
        }
      },
    )
  }
  return {
    async enqueue(tx, jobs) {
      // pg-boss writes each job with the alert's transaction.
      for (const job of jobs) await boss.send(LIVE_DELIVERY_QUEUE, job, { db: tx })
    },
    async stop() {
      await boss.stop({ graceful: false, close: false, wait: true })
    },
  }
}
