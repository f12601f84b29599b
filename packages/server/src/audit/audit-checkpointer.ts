import type { ChainHead, Clock } from '@vigil/core'
import { auditHead, checkpointAuditLog, checkpointPaths, type InstanceSecrets, readCheckpoint, type VigilDatabase } from '@vigil/storage'
import type { FastifyBaseLogger } from 'fastify'

export interface CheckpointerOptions {
  readonly database: VigilDatabase
  readonly secrets: InstanceSecrets
  readonly dataDir: string
  readonly logger: FastifyBaseLogger
  readonly clock: Clock
  readonly everyEntries: number
  readonly everySeconds: number
}

/** A running checkpointer; `stop()` writes a last checkpoint, so a clean shutdown leaves none unsigned. */
export interface AuditCheckpointer {
  /** Signs the head if enough entries or time passed since the last checkpoint (what the timer runs). */
  checkpointIfDue(): Promise<void>
  stop(): Promise<void>
}

/**
 * Signs the audit chain's head with the instance key every `everyEntries` new entries or
 * `everySeconds`, whichever comes first, writing it to the data directory and the log.
 * A chain alone cannot show that its newest entries were cut off; the checkpoint can.
 */
export async function startAuditCheckpointer(o: CheckpointerOptions): Promise<AuditCheckpointer> {
  const previous = await readCheckpoint(checkpointPaths(o.dataDir).latest).catch(() => null)
  let last: ChainHead | null = previous ? { seq: previous.seq, hash: previous.hash } : null
  let lastAt = o.clock.now().getTime()
  let running: Promise<void> = Promise.resolve()

  const write = async () => {
    const written = await checkpointAuditLog(o.database.db, {
      dataDir: o.dataDir,
      signingKey: o.secrets.signingKey,
      verifyKey: o.secrets.verifyKey,
      now: o.clock.now(),
      previous: last,
    })
    lastAt = o.clock.now().getTime()
    if (written) {
      last = { seq: written.seq, hash: written.hash }
      o.logger.info({ auditCheckpoint: written }, 'audit checkpoint')
    }
  }
  const tick = async () => {
    const head = await auditHead(o.database.db)
    if (!head || head.seq === last?.seq) return
    const due = head.seq - (last?.seq ?? 0) >= o.everyEntries || o.clock.now().getTime() - lastAt >= o.everySeconds * 1000
    if (due) await write()
  }
  // Serialised, so a slow write never overlaps the next tick.
  const enqueue = (fn: () => Promise<void>) => {
    running = running.then(fn).catch((err) => o.logger.error({ err }, 'audit checkpoint failed'))
    return running
  }
  const pollMs = Math.min(o.everySeconds * 1000, 5000)
  const timer = setInterval(() => void enqueue(tick), pollMs)
  timer.unref()
  return {
    checkpointIfDue: () => enqueue(tick),
    async stop() {
      clearInterval(timer)
      await enqueue(write)
    },
  }
}
