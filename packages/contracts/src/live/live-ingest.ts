import { z } from 'zod'

/** A line of an ingest body that is no post: its number (from 1) and why. */
export const LiveBadLine = z.object({ line: z.number().int().positive(), reason: z.string() })
export type LiveBadLine = z.infer<typeof LiveBadLine>

/**
 * The answer to `POST /api/v1/live/feeds/:feed/posts`: how many posts the body held, how
 * many were stored in the feed's stream and how many it had already (a retried batch), and
 * the lines that were no post. Bad lines never stop the good ones.
 */
export const LiveIngestResult = z.object({
  received: z.number().int().nonnegative(),
  stored: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  bad: z.array(LiveBadLine),
})
export type LiveIngestResult = z.infer<typeof LiveIngestResult>
