import { z } from 'zod'

/**
 * What `vigil taxii pull|push` did (its `--json` output).
 *
 * @example
 * SyncResult.parse({ pages: 2, objects: 150, succeeded: 150, failed: 0, pending: 0, resumeFrom: '2026-11-29T22:00:00.000Z' })
 */
export const SyncResult = z.object({
  pages: z.number().int().min(0),
  /** Objects read from the source. */
  objects: z.number().int().min(0),
  succeeded: z.number().int().min(0),
  failed: z.number().int().min(0),
  pending: z.number().int().min(0),
  /** Where the next run resumes: the remote's `added_after` for a pull, the local cursor for a push. */
  resumeFrom: z.string().nullable(),
})
export type SyncResult = z.infer<typeof SyncResult>
