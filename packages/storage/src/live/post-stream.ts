import { createHash } from 'node:crypto'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node'
import { LivePost, type OrgId } from '@vigil/contracts'
import { VigilError } from '@vigil/core'
import { z } from 'zod'

/** The one line the live commands and pages show where NATS is not configured or not reachable. */
export const LIVE_NEEDS_NATS = 'live detection needs NATS JetStream: start `nats-server -js` and set VIGIL_NATS_URL=nats://127.0.0.1:4222'

/** Posts per stream message: one acknowledged publish costs far more than parsing a post. */
export const POSTS_PER_MESSAGE = 500

/** How long JetStream remembers a message id: a retried or replayed batch within it is stored once. */
const DUPLICATE_WINDOW_MS = 60 * 60 * 1000

const PostBatch = z.object({ posts: z.array(LivePost) })

/** The stream and subject of a feed's posts: per organisation, so two organisations' feeds never meet. */
export function postStreamOf(orgId: OrgId, feed: string): { stream: string; subject: string } {
  return { stream: `VIGIL_LIVE_${orgId}_${feed}`, subject: `vigil.live.${orgId}.${feed}.posts` }
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
 * de-duplication window), published to in batches of {@link POSTS_PER_MESSAGE}.
 */
export async function openPostStream(nc: NatsConnection, orgId: OrgId, feed: string) {
  const { stream, subject } = postStreamOf(orgId, feed)
  const jsm = await jetstreamManager(nc)
  try {
    await jsm.streams.info(stream)
  } catch {
    await jsm.streams.add({ name: stream, subjects: [subject], duplicate_window: nanos(DUPLICATE_WINDOW_MS) })
  }
  const js = jetstream(nc)
  return {
    stream,
    subject,
    /** Publishes posts, many per message, each message with its batch id; waits for every acknowledgement. */
    async publish(posts: readonly LivePost[]): Promise<PublishResult> {
      const acks = []
      for (let i = 0; i < posts.length; i += POSTS_PER_MESSAGE) {
        const batch = posts.slice(i, i + POSTS_PER_MESSAGE)
        acks.push(
          js.publish(subject, JSON.stringify({ posts: batch }), { msgID: postBatchId(batch) }).then((ack) => ({ ack, n: batch.length })),
        )
      }
      let stored = 0
      let duplicates = 0
      for (const { ack, n } of await Promise.all(acks)) {
        if (ack.duplicate) duplicates += n
        else stored += n
      }
      return { stored, duplicates }
    },
  }
}
export type PostStream = Awaited<ReturnType<typeof openPostStream>>

/** The posts of one stream message. @throws VigilError `VALIDATION_FAILED` when it is not a batch of posts. */
export function readPostBatch(data: Uint8Array): LivePost[] {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(data))
  } catch {
    throw new VigilError('VALIDATION_FAILED', 'a live stream message is not JSON')
  }
  const parsed = PostBatch.safeParse(json)
  if (!parsed.success) throw new VigilError('VALIDATION_FAILED', 'a live stream message is not a batch of posts')
  return parsed.data.posts
}

/** Every post in a feed's stream, in stream order (for exports, checks and tests; a stream of millions wants a consumer). */
export async function readPostStream(nc: NatsConnection, orgId: OrgId, feed: string): Promise<LivePost[]> {
  const { stream } = postStreamOf(orgId, feed)
  const jsm = await jetstreamManager(nc)
  const info = await jsm.streams.info(stream)
  const posts: LivePost[] = []
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq })
    if (message) posts.push(...readPostBatch(message.data))
  }
  return posts
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
