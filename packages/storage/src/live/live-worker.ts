import { randomUUID } from 'node:crypto'
import { AckPolicy, type Consumer, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/transport-node'
import type { DetectSignal, LiveFeed, LivePost, NetworksFile, OrgId } from '@vigil/contracts'
import { type LivePair, partitionOfKey, postKeys, similarTextPairs, VigilError, WindowJoin, type WindowMark } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createLiveAggregator, type LiveAggregator } from './live-aggregator.js'
import { feedSignals } from './live-detection.js'
import { leaseHolder } from './live-leases.js'
import { liveNamesOf } from './live-names.js'
import { insertLivePairs, insertLivePosts } from './live-pairs.js'
import { drainFetch, fitting } from './partition-fetch.js'
import { connectNats, openPostStream, readOrRejectPostBatch } from './post-stream.js'

/** A partition's commit, in the feed's state bucket: everything up to `seq` is in PostgreSQL. */
export interface PartitionCheckpoint {
  /** The last stream sequence whose posts are processed and their pairs stored (0: none). */
  readonly seq: number
  /** Where a new owner replays from to rebuild the window (the oldest message a held post came from). */
  readonly replayFrom: number
  readonly mark: WindowMark
  /** Keys processed, pairs emitted and messages rejected as not a batch of posts (counted once: a replay does not count). */
  readonly keys: number
  readonly pairs: number
  readonly rejected: number
  readonly worker: string
  readonly at: string
}

/** Called after the aggregator recomputed a feed's networks (the alert side hooks in here). */
export type NetworksUpdated = (feed: LiveFeed, networks: NetworksFile) => void | Promise<void>

export interface LiveWorkerOptions {
  /** `VIGIL_NATS_URL`; ignored when `nc` is given. */
  readonly natsUrl?: string
  readonly nc?: NatsConnection
  readonly orgId: OrgId
  readonly feed: LiveFeed
  readonly db: Kysely<Database>
  /** This worker's name in the leases (default a random one). */
  readonly workerId?: string
  /** How long a lease lives without a heartbeat (default 10 s): how soon a killed worker's partitions move. */
  readonly leaseSeconds?: number
  /** The most messages one fetch takes from a partition's consumer, committed together (default 16): it takes what the consumer holds, up to this. */
  readonly batchMessages?: number
  /** How often the aggregator (the worker holding the `aggregator` lease) recomputes the touched networks (default 500 ms; 0: never). */
  readonly aggregateEveryMs?: number
  /**
   * Whether it works partitions (default true). false makes a worker that only aggregates,
   * on an event loop of its own: the partitions' work never delays a recomputation.
   */
  readonly partitions?: boolean
  readonly onNetworksUpdated?: NetworksUpdated
  /** Called when a partition stops on an error (it is taken again from its checkpoint). */
  readonly onPartitionError?: (partition: number, error: unknown) => void
  /** Called when a partition's fetch or commit failed and is tried again while it holds its lease, its window kept. */
  readonly onRetry?: (partition: number, error: unknown) => void
  /** Called for a message skipped as not a batch of posts (`VALIDATION_FAILED`), with its stream sequence. */
  readonly onRejected?: (partition: number, seq: number, error: VigilError) => void
  /** Called on every commit of a partition (tests, status). */
  readonly onCommit?: (partition: number, checkpoint: PartitionCheckpoint) => void
}

/** A running worker. */
export interface LiveWorker {
  readonly id: string
  /** The partitions it owns now. */
  owned(): number[]
  /** Stops: finishes the batches in progress, commits, releases its leases. */
  stop(): Promise<void>
  /** Settles when the worker stops (rejects when NATS or the leases fail). */
  readonly done: Promise<void>
}

const encode = (v: unknown) => JSON.stringify(v)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const decode = <T>(data: Uint8Array): T => JSON.parse(new TextDecoder().decode(data)) as T

/** One stream message of a partition: its posts, the indexes of the partition's own, and the keys it joins. */
interface Routed {
  readonly posts: LivePost[]
  readonly owned: number[]
  readonly keys: { post: number; signal: DetectSignal; key: string; text?: string }[]
}

/**
 * Runs a live worker for one feed (see docs/LIVE.md): it takes a fair share of the feed's
 * partitions as leases in JetStream KV, and for each one owned reads the post stream
 * through the partition's durable pull consumer, expands each post into its keys
 * (`postKeys`), keeps those routed to the partition (`partitionOfKey`), joins them in the
 * partition's {@link WindowJoin}, stores the pairs idempotently and the partition's posts'
 * (account, post) in PostgreSQL, then commits a checkpoint (compare-and-set, so a worker
 * that lost its lease cannot commit) and acknowledges. A new owner rebuilds the window by
 * replaying from the checkpoint's `replayFrom` to its `seq` without emitting, and re-anchors
 * the durable consumer after `seq`: nothing is lost and nothing counted twice.
 */
export async function runLiveWorker(options: LiveWorkerOptions): Promise<LiveWorker> {
  const ownsConnection = options.nc === undefined
  const nc = options.nc ?? (await connectNats(options.natsUrl))
  const { feed, orgId, db } = options
  const id = options.workerId ?? `w-${randomUUID().slice(0, 8)}`
  const leaseMs = (options.leaseSeconds ?? 10) * 1000
  const batch = options.batchMessages ?? 16
  const names = liveNamesOf(orgId, feed.name)
  const signals = feedSignals(feed.params)
  const js = jetstream(nc)
  const jsm = await jetstreamManager(nc)
  await openPostStream(nc, orgId, feed)
  const kvm = new Kvm(nc)
  const leases = await kvm.create(names.leases, { ttl: leaseMs, history: 1 })
  const state = await kvm.create(names.state, { history: 1 })

  // A message carries the partition's share of a batch: its keys are found again by the batch code path.
  // One that is not a batch (published on the subject by hand, a post the contract refuses) is
  // skipped alike by every owner and every rebuild: thrown, it would stall its partition forever.
  const route = (p: number, data: Uint8Array): Routed | VigilError => {
    const batch = readOrRejectPostBatch(data)
    if (batch instanceof VigilError) return batch
    const { posts, owned } = batch
    const keys: Routed['keys'] = []
    posts.forEach((post, i) => {
      for (const k of postKeys(post, signals)) {
        if (partitionOfKey(k.signal, k.key, feed.partitions) === p) keys.push({ post: i, ...k })
      }
    })
    return { posts, owned, keys }
  }

  const tasks = new Map<number, PartitionTask>()
  let stopping = false
  const lease = leaseHolder(leases, id)
  const { hold, release } = lease

  function startPartition(p: number): void {
    const task = new PartitionTask(p)
    tasks.set(p, task)
    // A partition that fails (its consumer re-made by another worker, PostgreSQL away)
    // stops alone: its lease lapses and a worker takes it again from its checkpoint.
    task.done = task.run().catch((err: unknown) => {
      task.stopped = true
      options.onPartitionError?.(p, err)
    })
  }

  class PartitionTask {
    stopped = false
    done: Promise<void> = Promise.resolve()
    constructor(readonly p: number) {}

    /** Whether this task still owns its partition (not stopped, lease held). */
    get owns(): boolean {
      return !this.stopped && lease.holds(`partition.${this.p}`)
    }

    /**
     * Runs a step of the partition (a fetch, a commit) until it succeeds, as long as the
     * partition is owned: a timeout while the event loop was busy, or NATS or PostgreSQL away
     * for a moment, keeps the window in memory rather than giving the partition up to be
     * rebuilt (a rebuild replays up to window + lateness of posts on the same loop, and makes
     * the others time out in turn). Every step is safe to run again.
     */
    async persist<T>(step: () => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await step()
        } catch (err) {
          if (!this.owns) throw err
          options.onRetry?.(this.p, err)
          await sleep(Math.min(100 * 2 ** attempt, 2000))
        }
      }
    }

    async run(): Promise<void> {
      const p = this.p
      // The largest message of the partition seen so far, in bytes: it sizes the fetches.
      let largest = 0
      const key = `ckpt.${p}`
      const entry = await this.persist(() => state.get(key))
      let revision = entry?.revision ?? 0
      const ckpt: PartitionCheckpoint | undefined = entry && entry.operation === 'PUT' ? decode(entry.value) : undefined
      const join = new WindowJoin(feed.params.window, feed.lateness, ckpt?.mark)
      let seq = ckpt?.seq ?? 0
      let counted = { keys: ckpt?.keys ?? 0, pairs: ckpt?.pairs ?? 0, rejected: ckpt?.rejected ?? 0 }
      // Rebuild the window from the committed messages it came from, emitting nothing.
      if (ckpt && ckpt.replayFrom <= ckpt.seq) {
        let at = ckpt.replayFrom - 1
        let replay: Consumer | undefined
        while (at < ckpt.seq && this.owns) {
          const messages = await this.persist(async () => {
            replay ??= await js.consumers.get(names.stream, { opt_start_seq: at + 1, filter_subjects: names.partitionSubject(p) })
            return replay.fetch({ max_messages: fitting(largest, Math.min(256, ckpt.seq - at)), expires: 2000 })
          })
          const complete = await drainFetch(messages, (m) => {
            if (m.seq > ckpt.seq) return false
            at = m.seq
            largest = Math.max(largest, m.data.length)
            const routed = route(p, m.data)
            if (!(routed instanceof VigilError)) this.apply(join, m.seq, routed, false)
            return true
          })
          // Read again from where it stopped.
          if (!complete) replay = undefined
        }
      }
      // The partition's durable consumer is re-anchored right after the commit: what a killed
      // owner fetched and never committed is delivered again, in order.
      const durable = names.consumer(p)
      // Deliveries since the consumer was (re-)made: a delivery sequence other than the next
      // means another consumer took messages (a worker that lost its lease) or one came again.
      let delivered = 0
      let consumer: Consumer | undefined
      // What the consumer held after the last message delivered: a fetch asks for no more than
      // that (it returns at once), or for one message when nothing was left (it returns as soon as
      // one comes). A busy partition commits batches, a quiet one each message as it comes.
      let pending = 0
      const anchor = async () => {
        delivered = 0
        await jsm.consumers.delete(names.stream, durable).catch(() => false)
        await jsm.consumers.add(names.stream, {
          durable_name: durable,
          ack_policy: AckPolicy.All,
          filter_subject: names.partitionSubject(p),
          ...(seq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq + 1 } : { deliver_policy: DeliverPolicy.All }),
        })
        return js.consumers.get(names.stream, durable)
      }
      while (this.owns) {
        const messages = await this.persist(async () => {
          consumer ??= await anchor()
          try {
            return await consumer.fetch({ max_messages: fitting(largest, Math.min(batch, pending)), expires: 1000 })
          } catch (err) {
            consumer = undefined
            throw err
          }
        })
        const pairs: LivePair[] = []
        let gap = false
        const posts: { account: string; post: string }[] = []
        let last: { ack(): void } | undefined
        const complete = await drainFetch(messages, (m) => {
          if (m.info.deliverySequence !== ++delivered) {
            gap = true
            return false
          }
          pending = m.info.pending
          largest = Math.max(largest, m.data.length)
          if (m.seq <= seq) return true
          const routed = route(p, m.data)
          if (routed instanceof VigilError) {
            counted = { ...counted, rejected: counted.rejected + 1 }
            options.onRejected?.(p, m.seq, routed)
          } else {
            const got = this.apply(join, m.seq, routed, true)
            pairs.push(...got.pairs)
            counted = { ...counted, keys: counted.keys + got.keys, pairs: counted.pairs + got.pairs.length }
            for (const i of routed.owned) posts.push(routed.posts[i] as LivePost)
          }
          seq = m.seq
          last = m
          return true
        })
        if (!complete || gap) consumer = undefined
        if (!last) continue
        const checkpoint: PartitionCheckpoint = {
          seq,
          replayFrom: join.replayFrom() ?? seq + 1,
          mark: join.mark,
          ...counted,
          worker: id,
          at: new Date().toISOString(),
        }
        const next = encode(checkpoint)
        // The window holds these messages now: they are committed, or the partition is given up.
        const committed = await this.persist(async () => {
          await Promise.all([insertLivePairs(db, orgId, feed.name, pairs), insertLivePosts(db, orgId, feed.name, posts)])
          try {
            revision = revision === 0 ? await state.create(key, next) : await state.update(key, next, revision)
            return true
          } catch (err) {
            // A write that timed out may have landed: the bucket says whether it did, or another worker committed.
            const now = await state.get(key)
            if (now?.operation === 'PUT' && now.string() === next) {
              revision = now.revision
              return true
            }
            if ((now?.revision ?? 0) !== revision) return false
            throw err
          }
        })
        if (!committed) {
          // Another worker committed this partition: the lease is lost, stop without acknowledging.
          this.stopped = true
          lease.forget(`partition.${p}`)
          break
        }
        last.ack()
        options.onCommit?.(p, checkpoint)
      }
    }

    /** Joins a message's keys of this partition; `emit` false rebuilds state only. */
    apply(join: WindowJoin, seq: number, routed: Routed, emit: boolean): { pairs: LivePair[]; keys: number } {
      const pairs: LivePair[] = []
      const keys = routed.keys
      for (const k of keys) {
        const post = routed.posts[k.post] as LivePost
        const got = join.add(k.signal, k.key, post.account, post.post, post.time, seq, emit, k.text)
        if (got !== 'late') pairs.push(...got)
      }
      // co-similar-text candidates (posts sharing an LSH band) go through batch's exact check.
      return { pairs: similarTextPairs(pairs, feed.params.similarity), keys: keys.length }
    }
  }

  async function stopPartition(p: number): Promise<void> {
    const task = tasks.get(p)
    if (!task) return
    task.stopped = true
    await task.done
    tasks.delete(p)
    await release(`partition.${p}`)
  }

  /** One round of membership: heartbeat, refresh leases, take or give partitions towards a fair share. */
  async function balance(): Promise<void> {
    if (options.partitions === false) return
    await leases.put(`worker.${id}`, id)
    const workers: string[] = []
    for await (const k of await leases.keys('worker.*')) workers.push(k)
    const fair = Math.ceil(feed.partitions / Math.max(1, workers.length))
    // Every lease refreshed at once, one round trip rather than one per partition: refreshed in
    // turn behind a busy event loop, the last ones lapsed before their turn came.
    const running = [...tasks]
    const kept = await Promise.all(running.map(async ([p, task]) => !task.stopped && (await hold(`partition.${p}`))))
    const lost = running.filter((_, i) => !kept[i])
    await Promise.all(
      lost.map(async ([p, task]) => {
        task.stopped = true
        await task.done
        tasks.delete(p)
      }),
    )
    const owned = [...tasks.keys()].sort((a, b) => a - b)
    for (const p of owned.slice(fair)) await stopPartition(p)
    // Start from a point of its own, so that workers starting together do not race for the same partitions.
    const offset = Number.parseInt(id.replace(/[^0-9a-f]/g, '').slice(0, 6) || '0', 16) % feed.partitions
    for (let i = 0; i < feed.partitions && tasks.size < fair; i++) {
      const p = (offset + i) % feed.partitions
      if (!tasks.has(p) && (await hold(`partition.${p}`))) startPartition(p)
    }
  }

  // The aggregator's state lives while this worker holds the lease; a new holder starts from the whole feed.
  let networks: LiveAggregator | undefined
  async function aggregate(): Promise<void> {
    if (!options.onNetworksUpdated) return
    if (!(await hold('aggregator'))) {
      networks = undefined
      return
    }
    networks ??= createLiveAggregator(db, orgId, feed)
    try {
      const update = await networks.update()
      if (update) await options.onNetworksUpdated(feed, update.networks)
    } catch (err) {
      // Networks the hook did not take are given whole next round, so no alert is missed.
      networks = undefined
      throw err
    }
  }

  // Networks are recomputed apart from the heartbeats, so a long recomputation never lets a lease lapse.
  const every = options.aggregateEveryMs ?? 500
  const aggregator = (async () => {
    while (!stopping && every > 0) {
      await aggregate().catch((err: unknown) => options.onPartitionError?.(-1, err))
      await sleep(every)
    }
  })()
  const loop = (async () => {
    let failures = 0
    while (!stopping) {
      try {
        await balance()
        failures = 0
      } catch (err) {
        // NATS away for a moment: the client reconnects; leases not refreshed lapse and move.
        if (++failures >= 10) throw err
      }
      await sleep(Math.min(leaseMs / 3, 2000))
    }
    for (const p of [...tasks.keys()]) await stopPartition(p)
    await aggregator
    await release('aggregator')
    await leases.delete(`worker.${id}`).catch(() => undefined)
    if (ownsConnection) await nc.drain()
  })()

  return {
    id,
    owned: () => [...tasks.keys()].sort((a, b) => a - b),
    async stop() {
      stopping = true
      await loop.catch(() => undefined)
    },
    done: loop,
  }
}
