// One live worker process for the live benches (live-setup.ts starts it): runs `runLiveWorker`
// as `vigil live worker` does and reports on stdout, one JSON line each (`WorkerEvent`):
// the partitions it owns when they change, each commit, heap and RSS every
// `memoryEveryMs`, each recomputation of networks and each alert it stored. SIGTERM stops it
// cleanly (commit, release the leases); SIGKILL is the crash the recovery bench measures.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { LiveFeed, OrgId } from '@vigil/contracts'
import { handleNetworksUpdated, openDatabase, runLiveWorker } from '@vigil/storage'
import type { WorkerEvent, WorkerProcessOptions } from './live-setup.js'

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessOptions & {
  natsUrl: string
  dbUrl: string
  orgId: OrgId
  feed: LiveFeed
}
const say = (e: WorkerEvent) => process.stdout.write(`${JSON.stringify(e)}\n`)
// The pool `vigil live worker` opens (openStore's default).
const database = await openDatabase({ databaseUrl: config.dbUrl })
const worker = await runLiveWorker({
  natsUrl: config.natsUrl,
  orgId: config.orgId,
  feed: config.feed,
  db: database.db,
  aggregateEveryMs: config.aggregateEveryMs ?? 0,
  ...(config.partitions === false ? { partitions: false } : {}),
  ...(config.leaseSeconds !== undefined ? { leaseSeconds: config.leaseSeconds } : {}),
  onPartitionError: (partition, err) => process.stderr.write(`worker: partition ${partition} stopped: ${String(err)}\n`),
  onRetry: (partition, err) => {
    say({ e: 'retry', at: Date.now() })
    if (process.env.LIVE_BENCH_RETRY_STACKS) process.stderr.write(`worker: partition ${partition} retries: ${(err as Error).stack}\n`)
  },
  onCommit: (partition, ckpt) => {
    say({ e: 'commit', at: Date.now(), partition, seq: ckpt.seq })
  },
  ...(config.alerts
    ? {
        onNetworksUpdated: async (feed, networks) => {
          const alerts = await handleNetworksUpdated({ db: database.db }, { orgId: config.orgId, name: feed.name }, networks.networks)
          const at = Date.now()
          for (const a of alerts) say({ e: 'alert', at, kind: a.kind, members: a.network.members })
          say({ e: 'aggregated', at })
        },
      }
    : {}),
})
let owned = ''
const watch = setInterval(() => {
  const now = worker.owned()
  if (now.join() !== owned) {
    owned = now.join()
    say({ e: 'owned', at: Date.now(), partitions: now })
  }
}, 50)
// The event loop's longest stall since the last sample: a stall past NATS's request timeout fails requests that were answered.
const loop = monitorEventLoopDelay({ resolution: 20 })
loop.enable()
const memory =
  config.memoryEveryMs &&
  setInterval(() => {
    const m = process.memoryUsage()
    say({ e: 'memory', at: Date.now(), heap: m.heapUsed, rss: m.rss, stallMs: loop.max / 1e6 })
    loop.reset()
  }, config.memoryEveryMs)
process.once('SIGTERM', async () => {
  clearInterval(watch)
  if (memory) clearInterval(memory)
  await worker.stop()
  await database.close()
  process.exit(0)
})
await worker.done
