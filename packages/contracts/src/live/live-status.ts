import { z } from 'zod'

/** One durable consumer of a feed's stream (a worker's partition): messages not yet delivered and delivered but not acknowledged. */
export const LiveConsumerStatus = z.object({
  name: z.string(),
  pending: z.number().int().nonnegative(),
  ackPending: z.number().int().nonnegative(),
  /** Stream sequence the consumer has acknowledged up to. */
  ackFloor: z.number().int().nonnegative(),
})
export type LiveConsumerStatus = z.infer<typeof LiveConsumerStatus>

/**
 * One partition of a feed: its consumer's lag, the worker holding its lease now, and its last
 * commit (checkpoint): the stream sequence committed, by which worker, the late keys and the
 * rejected messages (not a batch of posts) counted so far.
 *
 * @example
 * LivePartitionStatus.parse({ partition: 0, lag: 0, owner: 'w-1', seq: 42, committedBy: 'w-1', late: 1, rejected: 0 })
 */
export const LivePartitionStatus = z.object({
  partition: z.number().int().nonnegative(),
  /** Messages of its subject its consumer has not acknowledged (delivered or not); null without a consumer (no worker yet). */
  lag: z.number().int().nonnegative().nullable(),
  /** The live worker holding the partition's lease; null when none does. */
  owner: z.string().nullable(),
  /** The last stream sequence whose posts are stored (0: nothing committed yet). */
  seq: z.number().int().nonnegative(),
  committedBy: z.string().nullable(),
  /** Keys (a post's (signal, object)) behind the watermark: counted, not joined. */
  late: z.number().int().nonnegative(),
  /** Messages skipped as not a batch of posts. */
  rejected: z.number().int().nonnegative(),
})
export type LivePartitionStatus = z.infer<typeof LivePartitionStatus>

/**
 * `vigil live status` and `GET /api/v1/live/feeds/:feed/status`: the feed's stream (messages
 * of up to 500 posts each), the lag of each consumer (none yet: no worker), each partition's
 * lag, owner and commit, the live workers, the stream's message rate over the sampling
 * interval and the alerts raised.
 */
export const LiveFeedStatus = z.object({
  feed: z.string(),
  partitions: z.number().int().positive(),
  stream: z.object({
    exists: z.boolean(),
    messages: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    lastAt: z.iso.datetime().nullable(),
  }),
  consumers: z.array(LiveConsumerStatus),
  /** One per partition, in order. */
  partitionStates: z.array(LivePartitionStatus),
  /** The workers alive now (a heartbeat within their lease), by id. */
  workers: z.array(z.string()),
  /** The worker recomputing the feed's networks and raising its alerts (the `aggregator` lease), or null: no alert is raised. */
  aggregator: z.string().nullable(),
  /** Messages appended per second while sampling (each up to 500 posts); null when not sampled. */
  messagesPerSecond: z.number().nonnegative().nullable(),
  alerts: z.number().int().nonnegative(),
})
export type LiveFeedStatus = z.infer<typeof LiveFeedStatus>
