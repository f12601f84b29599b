import { z } from 'zod'
import { DetectRun, LabelMetrics } from './networks-file.js'

/** One line of the summary: a network's size, score and signals. */
export const NetworkSummary = z.object({
  id: z.string(),
  members: z.number().int().min(2),
  score: z.number().min(0).max(1),
  signals: z.array(z.string()),
  purity: z.number().min(0).max(1).optional(),
})
export type NetworkSummary = z.infer<typeof NetworkSummary>

/**
 * `vigil detect --json`: what was read, what was found and where the outputs are.
 *
 * @example
 * DetectSummary.parse(JSON.parse(stdout))
 */
export const DetectSummary = z.object({
  run: DetectRun,
  outDir: z.string(),
  edges: z.record(z.string(), z.number().int().nonnegative()),
  networks: z.array(NetworkSummary),
  flaggedAccounts: z.number().int().nonnegative(),
  labelMetrics: LabelMetrics.optional(),
  seconds: z.number().nonnegative(),
})
export type DetectSummary = z.infer<typeof DetectSummary>
