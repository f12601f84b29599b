import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { bootstrapInstanceAdmin, type Config, isVigilError, systemClock } from '@vigil/core'
import {
  createAuthDeps,
  createDetectRunStore,
  createPsiDeps,
  loadOrCreateSecrets,
  migrateOrThrow,
  openConfiguredDatabase,
  type QueryObserver,
  redactUrl,
  type VigilDatabase,
} from '@vigil/storage'
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { type Logger, pino } from 'pino'
import { buildApp } from './app.js'
import { type AuditCheckpointer, startAuditCheckpointer } from './audit/audit-checkpointer.js'
import { type DetectQueue, startDetectQueue, uploadsDirOf } from './detect/detect-queue.js'
import { type LiveDeliveryQueue, startLiveDeliveryQueue } from './live/live-delivery-queue.js'
import { type PsiSweeper, startPsiSweeper } from './psi/psi-sweeper.js'

export interface StartOptions {
  readonly plugins?: readonly FastifyPluginAsync[]
  /** Where log lines go; stdout by default. */
  readonly logDestination?: NodeJS.WritableStream
  /** Whether SIGINT/SIGTERM close the server gracefully (true for `vigil serve`). */
  readonly handleSignals?: boolean
}

export interface RunningServer {
  readonly app: FastifyInstance
  readonly database: VigilDatabase
  readonly url: string
  readonly logger: Logger
  /** On first start (no users yet): the instance admin created, with its one-time password. */
  readonly bootstrapAdmin: { readonly email: string; readonly password: string } | null
  /** Settles once the server has closed, whoever closed it. */
  readonly closed: Promise<void>
  close(): Promise<void>
}

/** Opens the configured database and brings its schema up to date, or fails leaving it as it was. */
export async function openMigratedDatabase(config: Config, onQuery?: QueryObserver): Promise<VigilDatabase> {
  const database = await openConfiguredDatabase(config, onQuery)
  try {
    await migrateOrThrow(database.db)
    return database
  } catch (err) {
    await database.close()
    throw err
  }
}

// A multi-row insert's text runs to hundreds of kilobytes; its start says what it is.
const shortened = (sql: string) => (sql.length > 300 ? `${sql.slice(0, 300)}…` : sql)

/** The built web UI beside this package in the workspace, when it has been built. */
export function defaultWebRoot(): string | undefined {
  const root = fileURLToPath(new URL('../../web/dist/', import.meta.url))
  return existsSync(root) ? root : undefined
}

/**
 * `vigil serve`: opens and migrates the database, loads the instance secrets, builds the
 * app and listens. On SIGINT/SIGTERM, in-flight requests finish, then the database closes.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = pino(
    {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
    },
    options.logDestination ?? process.stdout,
  )
  // At trace level every statement is logged once it has run (its SQL, never its values):
  // what an operator reads to see where a request spends its time, or where a crash landed.
  const database = await openMigratedDatabase(
    config,
    logger.isLevelEnabled('trace') ? (sql, ms) => logger.trace({ sql: shortened(sql), ms }, 'sql') : undefined,
  )
  let app: FastifyInstance
  let checkpointer: AuditCheckpointer | undefined
  let detectQueue: DetectQueue | undefined
  let deliveryQueue: LiveDeliveryQueue | undefined
  let psiSweeper: PsiSweeper | undefined
  let bootstrapAdmin: RunningServer['bootstrapAdmin'] = null
  try {
    // Two processes starting at once on an empty database: one creates the admin, the other meets a conflict.
    bootstrapAdmin = await bootstrapInstanceAdmin(createAuthDeps(database.db)).catch((err) => {
      if (isVigilError(err, 'CONFLICT')) return null
      throw err
    })
    const secrets = await loadOrCreateSecrets(config.dataDir, config.secrets)
    detectQueue = await startDetectQueue({
      database,
      store: createDetectRunStore(database.db),
      uploadsDir: uploadsDirOf(config.dataDir),
      clock: systemClock,
      logger,
      workerTimeoutSeconds: config.detect.workerTimeoutSeconds,
    })
    // Live alerts' webhooks and STIX publications, queued by `vigil live worker`, are delivered here too.
    deliveryQueue = await startLiveDeliveryQueue({ database, clock: systemClock, logger, ...config.liveDelivery })
    app = await buildApp({ config, database, secrets, logger, detectQueue, webRoot: defaultWebRoot(), plugins: options.plugins ?? [] })
    checkpointer = await startAuditCheckpointer({
      database,
      secrets,
      dataDir: config.dataDir,
      logger,
      clock: systemClock,
      everyEntries: config.auditCheckpoint.everyEntries,
      everySeconds: config.auditCheckpoint.everySeconds,
    })
    psiSweeper = startPsiSweeper(createPsiDeps(database.db), logger)
    await app.listen({ host: config.host, port: config.port })
  } catch (err) {
    await psiSweeper?.stop()
    await checkpointer?.stop().catch(() => {})
    await detectQueue?.stop().catch(() => {})
    await deliveryQueue?.stop().catch(() => {})
    await database.close()
    throw err
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  logger.info(
    { url, publicUrl: config.publicUrl, database: config.databaseUrl ? redactUrl(config.databaseUrl) : `pglite:${config.dataDir}` },
    'Vigil is listening',
  )

  let settle = () => {}
  const closed = new Promise<void>((resolve) => {
    settle = resolve
  })
  let uninstallSignals = () => {}
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      uninstallSignals()
      try {
        await app.close()
        await psiSweeper?.stop()
        await checkpointer?.stop()
        await detectQueue?.stop()
        await deliveryQueue?.stop()
        await database.close()
        logger.info('Vigil stopped')
      } finally {
        settle()
      }
    })()
    return closing
  }
  if (options.handleSignals) {
    const grace = closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
      if (err) logger.error({ err }, 'closing after an unexpected error')
      else logger.info({ signal }, 'closing gracefully')
      await close()
    })
    uninstallSignals = () => grace.uninstall()
  }
  return { app, database, url, logger, bootstrapAdmin, closed, close }
}
