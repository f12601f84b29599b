import { z } from 'zod'
import { DetectParams } from '../detect/detect-api.js'

/** A feed's name: lower-case letters, digits and `-`, as it also names NATS streams. */
export const LiveFeedName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-", at most 63, starting with a letter or digit')
export type LiveFeedName = z.infer<typeof LiveFeedName>

/**
 * A new feed: a named live detection with `vigil detect`'s parameters, the number of
 * partitions its keys are routed to, and how late (seconds of event time behind the
 * newest post) a post may arrive and still be counted.
 *
 * @example
 * LiveFeedInput.parse({ name: 'election-day', params: { window: 60 } })
 */
export const LiveFeedInput = z.object({
  name: LiveFeedName,
  params: DetectParams.default(DetectParams.parse({})),
  partitions: z.number().int().min(1).max(256).default(16),
  lateness: z.number().int().min(0).max(86_400).default(60),
})
export type LiveFeedInput = z.infer<typeof LiveFeedInput>

/** A feed as stored: its input, who made it and when. */
export const LiveFeed = LiveFeedInput.extend({
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
})
export type LiveFeed = z.infer<typeof LiveFeed>

/** The organisation's feeds, by name. */
export const LiveFeedList = z.object({ feeds: z.array(LiveFeed) })
export type LiveFeedList = z.infer<typeof LiveFeedList>
