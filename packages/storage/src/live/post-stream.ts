import { createHash } from 'node:crypto'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node'
import { type LiveFeed, LivePost, type OrgId } from '@vigil/contracts'
import { routePosts, VigilError } from '@vigil/core'
import { z } from 'zod'
import { feedSignals } from './live-detection.js'

/** The one line the live commands and pages show where NATS is not configured or not reachable. */
export const LIVE_NEEDS_NATS = 'live detection needs NATS JetStream: start `nats-server -js` and set VIGIL_NATS_URL=nats://127.0.0.1:4222'

/** Posts one publish cuts into a batch (its de-duplication unit), routed to the partitions in one message each. */
export const POSTS_PER_BATCH = 2_000

/** The most posts one stream message carries (a partition with a popular key gets several, each under NATS's 1 MiB payload). */
export const POSTS_PER_MESSAGE = 500

/** Batches one publish call keeps in flight (each a message per partition), and how long an acknowledgement may take. */
const BATCHES_IN_FLIGHT = 4
const PUBLISH_TIMEOUT_MS = 30_000

/** How long JetStream remembers a message id: a retried or replayed batch within it is stored once. */
const DUPLICATE_WINDOW_MS = 60 * 60 * 1000

const PostBatch = z.object({
  posts: z.array(LivePost),
  /** Each post's position in its published batch. */
  at: z.array(z.number().int().nonnegative()),
  /** The indexes (into `posts`) of the partition's own posts, which it counts as the accounts' activity. */
  owned: z.array(z.number().int().nonnegative()),
})
/** One stream message: a partition's share of a published batch ({@link routePosts}), in batch order. */
export type PostBatch = z.infer<typeof PostBatch>

/** What a feed's stream needs to route posts: its name, partitions and signals. */
export type RoutedFeed = Pick<LiveFeed, 'name' | 'partitions' | 'params'>

/**
 * The stream and subjects of a feed's posts: per organisation, so two organisations' feeds
 * never meet, and one subject per partition, so each partition's consumer reads its own.
 */
export function postStreamOf(orgId: OrgId, feed: string) {
  const prefix = `vigil.live.${orgId}.${feed}.p`
  return { stream: `VIGIL_LIVE_${orgId}_${feed}`, subject: `${prefix}.*`, partitionSubject: (p: number) => `${prefix}.${p}` }
}

/**
 * A batch's de-duplication id: the hash of its post ids. Batches are cut the same way on
 * every replay of a dump and every retry of a request, so a batch sent again is stored once;
 * posts repeated across differently cut batches are made harmless downstream, where a
 * coordinated pair is keyed by its two posts.
 */
export function postBatchId(posts: readonly LivePost[]): string {
  const hash = createHash('sha256')
  for (const p of posts) hash.update(`${p.account}\u0000${p.post}\u0001`)
  return hash.digest('hex')
}

/** Connects to NATS. @throws VigilError `LIVE_UNAVAILABLE` with {@link LIVE_NEEDS_NATS} when it is not configured or not reachable. */
export async function connectNats(url: string | undefined): Promise<NatsConnection> {
  if (url === undefined) throw new VigilError('LIVE_UNAVAILABLE', LIVE_NEEDS_NATS)
  try {
    return await connect({ servers: url.split(','), name: 'vigil', maxReconnectAttempts: 10 })
  } catch (err) {
    throw new VigilError('LIVE_UNAVAILABLE', `${LIVE_NEEDS_NATS} (${url}: ${(err as Error).message})`, {}, { cause: err })
  }
}

/** What publishing a batch of posts did: stored as new, or recognised as sent before. */
export interface PublishResult {
  readonly stored: number
  readonly duplicates: number
}

/**
 * A feed's post stream on JetStream: created on first use (file storage, a one-hour
 * de-duplication window). Posts are cut into batches of {@link POSTS_PER_BATCH}, each
 * routed to the partitions ({@link routePosts}) and published as one message per partition
 * (more when a share exceeds {@link POSTS_PER_MESSAGE}) with the id `<batch id>.<p>.<k>`,
 * each post in batch order.
 */
export async function openPostStream(nc: NatsConnection, orgId: OrgId, feed: RoutedFeed) {
  const { stream, subject, partitionSubject } = postStreamOf(orgId, feed.name)
  const jsm = await jetstreamManager(nc)
  try {
    await jsm.streams.info(stream)
  } catch {
    await jsm.streams.add({ name: stream, subjects: [subject], duplicate_window: nanos(DUPLICATE_WINDOW_MS) })
  }
  const js = jetstream(nc)
  const signals = feedSignals(feed.params)
  return {
    stream,
    subject,
    /** Publishes posts routed to their partitions, many per message; waits for every acknowledgement. */
    async publish(posts: readonly LivePost[]): Promise<PublishResult> {
      let stored = 0
      let duplicates = 0
      const batches: Promise<{ stored: boolean; n: number }>[] = []
      const settle = async () => {
        const b = await (batches.shift() as Promise<{ stored: boolean; n: number }>)
        if (b.stored) stored += b.n
        else duplicates += b.n
      }
      for (let i = 0; i < posts.length; i += POSTS_PER_BATCH) {
        const batch = posts.slice(i, i + POSTS_PER_BATCH)
        const id = postBatchId(batch)
        const acks = []
        for (const [p, share] of routePosts(batch, signals, feed.partitions).entries()) {
          for (let k = 0; k * POSTS_PER_MESSAGE < share.length; k++) {
            const part = share.slice(k * POSTS_PER_MESSAGE, (k + 1) * POSTS_PER_MESSAGE)
            const message: PostBatch = { posts: [], at: [], owned: [] }
            for (const [i, r] of part.entries()) {
              message.posts.push(r.post)
              message.at.push(r.at)
              if (r.own) message.owned.push(i)
            }
            acks.push(js.publish(partitionSubject(p), JSON.stringify(message), { msgID: `${id}.${p}.${k}`, timeout: PUBLISH_TIMEOUT_MS }))
          }
        }
        // A batch was stored when any of its messages was (a retry after a partial failure stores the rest).
        batches.push(Promise.all(acks).then((all) => ({ stored: all.some((a) => !a.duplicate), n: batch.length })))
        // A bounded number of batches in flight: a large call never floods the server past its acknowledgement timeout.
        if (batches.length >= BATCHES_IN_FLIGHT) await settle()
      }
      while (batches.length > 0) await settle()
      return { stored, duplicates }
    },
  }
}
export type PostStream = Awaited<ReturnType<typeof openPostStream>>

/** One stream message: a partition's share of a batch. @throws VigilError `VALIDATION_FAILED` when it is not one. */
export function readPostBatch(data: Uint8Array): PostBatch {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(data))
  } catch {
    throw new VigilError('VALIDATION_FAILED', 'a live stream message is not JSON')
  }
  const parsed = PostBatch.safeParse(json)
  const valid =
    parsed.success && parsed.data.at.length === parsed.data.posts.length && parsed.data.owned.every((i) => i < parsed.data.posts.length)
  if (!valid) {
    throw new VigilError('VALIDATION_FAILED', 'a live stream message is not a batch of posts')
  }
  return parsed.data
}

/** {@link readPostBatch}, a message that is not a batch of posts given back as its error: the readers skip it. */
export function readOrRejectPostBatch(data: Uint8Array): PostBatch | VigilError {
  try {
    return readPostBatch(data)
  } catch (err) {
    if (err instanceof VigilError) return err
    throw err
  }
}

/**
 * Every post in a feed's stream, each once, in publish order (for exports, checks and tests;
 * a stream of millions wants a consumer): each post's own partition carries its position
 * in its batch, and batches are ordered by their first message.
 */
export async function readPostStream(nc: NatsConnection, orgId: OrgId, feed: string): Promise<LivePost[]> {
  const { stream } = postStreamOf(orgId, feed)
  const jsm = await jetstreamManager(nc)
  const info = await jsm.streams.info(stream)
  const batches = new Map<string, { post: LivePost; at: number }[]>()
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq })
    if (!message) continue
    const batch = (message.header.get('Nats-Msg-Id') ?? '').split('.')[0] ?? ''
    // A message that is not a batch of posts is skipped, as the workers skip it (counted there).
    const read = readOrRejectPostBatch(message.data)
    if (read instanceof VigilError) continue
    const { posts, at, owned } = read
    let list = batches.get(batch)
    if (!list) {
      list = []
      batches.set(batch, list)
    }
    for (const i of owned) list.push({ post: posts[i] as LivePost, at: at[i] as number })
  }
  return [...batches.values()].flatMap((list) => list.sort((a, b) => a.at - b.at).map((e) => e.post))
}

/** The last stream sequence of each partition's subject (0 where it has none): what a drained worker has committed. */
export async function partitionHeads(nc: NatsConnection, orgId: OrgId, feed: Pick<LiveFeed, 'name' | 'partitions'>): Promise<number[]> {
  const { stream, partitionSubject } = postStreamOf(orgId, feed.name)
  const jsm = await jetstreamManager(nc)
  const heads: number[] = []
  for (let p = 0; p < feed.partitions; p++) {
    const last = await jsm.streams.getMessage(stream, { last_by_subj: partitionSubject(p) }).catch(() => null)
    heads.push(last?.seq ?? 0)
  }
  return heads
}

/** Deletes a feed's stream and its consumers, if it has one; whether there was one. */
export async function deletePostStream(nc: NatsConnection, orgId: OrgId, feed: string): Promise<boolean> {
  const jsm = await jetstreamManager(nc)
  return jsm.streams.delete(postStreamOf(orgId, feed).stream).catch(() => false)
}

/** The state of a feed's stream and of its durable consumers (workers' partitions); `exists: false` before the first post. */
export async function readPostStreamState(nc: NatsConnection, orgId: OrgId, feed: string) {
  const { stream } = postStreamOf(orgId, feed)
  const jsm = await jetstreamManager(nc)
  const info = await jsm.streams.info(stream).catch(() => undefined)
  if (!info) return { exists: false, messages: 0, bytes: 0, lastAt: null, lastSeq: 0, consumers: [] }
  const consumers = []
  for await (const c of jsm.consumers.list(stream)) {
    consumers.push({ name: c.name, pending: c.num_pending, ackPending: c.num_ack_pending, ackFloor: c.ack_floor.stream_seq })
  }
  consumers.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
  return {
    exists: true,
    messages: info.state.messages,
    bytes: info.state.bytes,
    lastAt: info.state.messages > 0 ? new Date(info.state.last_ts).toISOString() : null,
    lastSeq: info.state.last_seq,
    consumers,
  }
}
