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
 * `vigil live status` and `GET /api/v1/live/feeds/:feed/status`: the feed's stream (messages
 * of up to 500 posts each), the lag of each consumer (none yet: no worker), the stream's
 * message rate over the sampling interval and the alerts raised.
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
  /** Messages appended per second while sampling (each up to 500 posts); null when not sampled. */
  messagesPerSecond: z.number().nonnegative().nullable(),
  alerts: z.number().int().nonnegative(),
})
export type LiveFeedStatus = z.infer<typeof LiveFeedStatus>
