import { clearExpiredPsiSessions, type PsiDeps } from '@vigil/core'
import type { FastifyBaseLogger } from 'fastify'

/** A running sweeper of expired PSI sessions. */
export interface PsiSweeper {
  /** Clears the messages of the sessions expired by now (what the timer runs). */
  sweep(): Promise<void>
  stop(): Promise<void>
}

// Sessions live up to 14 days and expire at any minute: ten minutes bounds how long a
// blinded message outlives its session, at the cost of one indexed query.
export const PSI_SWEEP_EVERY_MS = 10 * 60_000

/**
 * Every `everyMs`, deletes the blinded messages of PSI sessions that expired without
 * completing (the CLI gives up after 15 minutes; a session may wait 14 days), each audited.
 */
export function startPsiSweeper(deps: PsiDeps, logger: FastifyBaseLogger, everyMs = PSI_SWEEP_EVERY_MS): PsiSweeper {
  let running: Promise<void> = Promise.resolve()
  const sweep = () => {
    running = running
      .then(async () => {
        const cleared = await clearExpiredPsiSessions(deps)
        if (cleared.length > 0) logger.info({ psiSessions: cleared }, 'cleared the messages of expired PSI sessions')
      })
      .catch((err) => logger.error({ err }, 'clearing expired PSI sessions failed'))
    return running
  }
  const timer = setInterval(() => void sweep(), everyMs)
  timer.unref()
  return {
    sweep,
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
