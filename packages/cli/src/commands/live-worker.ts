import type { LiveFeed, OrgId } from '@vigil/contracts'
import { systemClock, VigilError } from '@vigil/core'
import { startLiveDeliveryQueue } from '@vigil/server'
import {
  connectNats,
  createAuthDeps,
  createLiveFeedStore,
  handleNetworksUpdated,
  isDrained,
  type NetworksUpdated,
  openStore,
  readCheckpoints,
  runLiveWorker,
  type VigilDatabase,
} from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'

/** The options commander hands to `vigil live worker`. */
export interface LiveWorkerOptions extends StorageOptions {
  readonly feed: string
  readonly org: string
  readonly natsUrl?: string
  /** Stop once every partition has committed the stream's last message (a replay, a test). */
  readonly drain?: boolean
  readonly leaseSeconds?: string
  /** all (default), partitions or aggregator: see {@link LIVE_WORKER_ROLES}. */
  readonly role?: string
}

/**
 * What a worker does: `all` works partitions and, while it holds the aggregator lease, the
 * feed's networks and alerts; `partitions` only partitions; `aggregator` only the networks and
 * alerts, so that the partitions' work never delays an alert (docs/LIVE.md).
 */
export const LIVE_WORKER_ROLES = ['all', 'partitions', 'aggregator'] as const

/** The feed a live command names, with its organisation. @throws VigilError `NOT_FOUND` */
export async function resolveFeed(database: VigilDatabase, org: string, feed: string): Promise<{ orgId: OrgId; feed: LiveFeed }> {
  const orgs = await createAuthDeps(database.db).store.listOrgs()
  const found = orgs.find((o) => o.id === org || o.name === org)
  if (!found) throw new VigilError('NOT_FOUND', `no organisation '${org}'`, { org })
  const orgId = found.id
  return { orgId, feed: await createLiveFeedStore(database.db).get(orgId, feed) }
}

/**
 * `vigil live worker --feed F --org O`: runs a live worker (see docs/LIVE.md) until SIGINT or
 * SIGTERM (then it commits and releases its partitions), or with `--drain` until every
 * partition has caught up with the stream. Each recomputation of the feed's networks goes to
 * `onNetworksUpdated`, by default the feed's alerts (`handleNetworksUpdated`), each alert raised
 * said on stderr and its deliveries (webhooks, STIX) queued with it; this process works the
 * delivery queue too, as `vigil serve` does.
 */
export async function liveWorker(io: CliIo, options: LiveWorkerOptions, onNetworksUpdated?: NetworksUpdated): Promise<number> {
  const config = configFrom(io, { ...storageFlags(options), VIGIL_NATS_URL: options.natsUrl })
  const leaseSeconds = options.leaseSeconds === undefined ? undefined : Number(options.leaseSeconds)
  if (leaseSeconds !== undefined && !(Number.isInteger(leaseSeconds) && leaseSeconds >= 1)) {
    throw new VigilError('VALIDATION_FAILED', '--lease-seconds must be a whole number ≥ 1')
  }
  const role = options.role ?? 'all'
  if (!(LIVE_WORKER_ROLES as readonly string[]).includes(role)) {
    throw new VigilError('VALIDATION_FAILED', `--role must be one of ${LIVE_WORKER_ROLES.join(', ')}`)
  }
  const nc = await connectNats(config.natsUrl)
  const database = await openStore(config, 'update')
  const say = (level: string) => (details: object, message: string) =>
    writeLine(io.stderr, `${level}: ${message} ${JSON.stringify(details)}`)
  const deliveries = await startLiveDeliveryQueue({
    database,
    clock: systemClock,
    logger: { warn: say('warning'), error: say('error') },
    ...config.liveDelivery,
  }).catch(async (err) => {
    await database.close()
    await nc.close()
    throw err
  })
  try {
    const { orgId, feed } = await resolveFeed(database, options.org, options.feed)
    const worker = await runLiveWorker({
      nc,
      orgId,
      feed,
      db: database.db,
      ...(leaseSeconds !== undefined ? { leaseSeconds } : {}),
      partitions: role !== 'aggregator',
      ...(role === 'partitions' ? { aggregateEveryMs: 0 } : {}),
      onRetry: (p, err) => writeLine(io.stderr, `retrying: partition ${p}, its window kept: ${String(err)}`),
      onRejected: (p, seq, err) => writeLine(io.stderr, `rejected: partition ${p}, stream message ${seq}: ${err.message} (skipped)`),
      onNetworksUpdated:
        onNetworksUpdated ??
        (async (updated, networks) => {
          const alerts = await handleNetworksUpdated(
            { db: database.db, enqueue: deliveries.enqueue },
            { orgId, name: updated.name },
            networks.networks,
          )
          for (const a of alerts) {
            writeLine(io.stderr, `alert: ${a.kind} network ${a.network.id}, ${a.network.members.length} accounts (${a.added.length} added)`)
          }
        }),
    })
    writeLine(io.stderr, `live worker ${worker.id} on feed ${feed.name} (${feed.partitions} partitions; role ${role})`)
    const stop = () => void worker.stop()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      if (options.drain) {
        while (!(await isDrained(nc, orgId, feed))) {
          await Promise.race([worker.done, new Promise((r) => setTimeout(r, 500))])
        }
        await worker.stop()
      }
      await worker.done
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
    const ckpts = await readCheckpoints(nc, orgId, feed)
    const late = ckpts.reduce((n, c) => n + (c?.mark.late ?? 0), 0)
    const keys = ckpts.reduce((n, c) => n + (c?.keys ?? 0), 0)
    const rejected = ckpts.reduce((n, c) => n + (c?.rejected ?? 0), 0)
    writeLine(
      io.stdout,
      `feed ${feed.name}: ${keys} keys processed, ${late} late (behind the ${feed.lateness} s lateness, not joined), ${rejected} messages rejected (not a batch of posts)`,
    )
    return 0
  } finally {
    await deliveries.stop()
    await database.close()
    await nc.close()
  }
}
