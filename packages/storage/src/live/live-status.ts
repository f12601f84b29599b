import { jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/transport-node'
import { type LiveFeed, LiveFeedStatus, type OrgId } from '@vigil/contracts'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createLiveAlertStore } from './live-alert-store.js'
import { createLiveFeedStore } from './live-feed-store.js'
import { liveNamesOf } from './live-names.js'
import type { PartitionCheckpoint } from './live-worker.js'
import { partitionHeads, readPostStreamState } from './post-stream.js'

/** A feed's KV bucket, or undefined before its first worker made it: reading a status creates nothing. */
async function openBucket(nc: NatsConnection, bucket: string) {
  const jsm = await jetstreamManager(nc)
  const exists = await jsm.streams.info(`KV_${bucket}`).then(
    () => true,
    () => false,
  )
  return exists ? new Kvm(nc).open(bucket) : undefined
}

/** Reads a feed's partition checkpoints (status and tests): one per partition, `undefined` where none is committed yet. */
export async function readCheckpoints(nc: NatsConnection, orgId: OrgId, feed: LiveFeed): Promise<(PartitionCheckpoint | undefined)[]> {
  const kv = await openBucket(nc, liveNamesOf(orgId, feed.name).state)
  const out: (PartitionCheckpoint | undefined)[] = []
  for (let p = 0; p < feed.partitions; p++) {
    const e = await kv?.get(`ckpt.${p}`)
    out.push(e && e.operation === 'PUT' ? e.json<PartitionCheckpoint>() : undefined)
  }
  return out
}

/** Whether every partition has committed the last message of its subject: the stream is drained (replays, tests, benches). */
export async function isDrained(nc: NatsConnection, orgId: OrgId, feed: LiveFeed): Promise<boolean> {
  const heads = await partitionHeads(nc, orgId, feed)
  const ckpts = await readCheckpoints(nc, orgId, feed)
  return heads.every((head, p) => head === 0 || (ckpts[p]?.seq ?? 0) >= head)
}

/** A feed's live leases: the workers with a heartbeat (by id), the holder of each partition held and the aggregator's. */
export async function readLiveLeases(
  nc: NatsConnection,
  orgId: OrgId,
  feed: string,
): Promise<{ workers: string[]; owners: Map<number, string>; aggregator: string | null }> {
  const kv = await openBucket(nc, liveNamesOf(orgId, feed).leases)
  const workers: string[] = []
  const owners = new Map<number, string>()
  let aggregator: string | null = null
  if (!kv) return { workers, owners, aggregator }
  for await (const key of await kv.keys()) {
    const e = await kv.get(key)
    if (e?.operation !== 'PUT') continue
    if (key.startsWith('worker.')) workers.push(e.string())
    else if (key.startsWith('partition.')) owners.set(Number(key.slice('partition.'.length)), e.string())
    else if (key === 'aggregator') aggregator = e.string()
  }
  return { workers: workers.sort(), owners, aggregator }
}

/**
 * A feed's status: its stream, each consumer's lag from JetStream's consumer info, each
 * partition's lag, lease holder and checkpoint, the live workers, the message rate over
 * `sampleMs` (the stream read twice; none with 0) and its alerts.
 * @throws VigilError `NOT_FOUND` when the organisation has no such feed.
 */
export async function readLiveFeedStatus(
  deps: { readonly db: Kysely<Database>; readonly nc: NatsConnection },
  orgId: OrgId,
  name: string,
  o: { readonly sampleMs: number },
): Promise<LiveFeedStatus> {
  const feed = await createLiveFeedStore(deps.db).get(orgId, name)
  const started = Date.now()
  const first = await readPostStreamState(deps.nc, orgId, name)
  let state = first
  let rate: number | null = null
  if (o.sampleMs > 0) {
    await new Promise((r) => setTimeout(r, o.sampleMs))
    state = await readPostStreamState(deps.nc, orgId, name)
    rate = Math.max(0, state.lastSeq - first.lastSeq) / ((Date.now() - started) / 1000)
  }
  const names = liveNamesOf(orgId, name)
  const ckpts = await readCheckpoints(deps.nc, orgId, feed)
  const { workers, owners, aggregator } = await readLiveLeases(deps.nc, orgId, name)
  return LiveFeedStatus.parse({
    feed: name,
    partitions: feed.partitions,
    stream: { exists: state.exists, messages: state.messages, bytes: state.bytes, lastAt: state.lastAt },
    consumers: state.consumers,
    partitionStates: ckpts.map((c, p) => {
      const consumer = state.consumers.find((k) => k.name === names.consumer(p))
      return {
        partition: p,
        lag: consumer ? consumer.pending + consumer.ackPending : null,
        owner: owners.get(p) ?? null,
        seq: c?.seq ?? 0,
        committedBy: c?.worker ?? null,
        late: c?.mark.late ?? 0,
        rejected: c?.rejected ?? 0,
      }
    }),
    workers,
    aggregator,
    messagesPerSecond: rate,
    alerts: await createLiveAlertStore(deps.db).count({ orgId, name }),
  })
}
