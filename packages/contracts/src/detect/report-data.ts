import { z } from 'zod'
import { DetectedNetwork, DetectRun, LabelMetrics } from './networks-file.js'

/**
 * What `report.html` embeds as JSON for its page (the web package's report app): the run,
 * the edge count per signal, the first networks with their evidence, and the posts of each
 * of their accounts (for the size of its dot).
 *
 * @example
 * ReportData.parse(JSON.parse(document.getElementById('vigil-report-data').textContent))
 */
export const ReportData = z.object({
  title: z.string(),
  run: DetectRun,
  edges: z.record(z.string(), z.number().int().nonnegative()),
  labelMetrics: LabelMetrics.optional(),
  /** How many networks the run found; `networks` holds the first of them. */
  networkCount: z.number().int().nonnegative(),
  networks: z.array(DetectedNetwork),
  posts: z.record(z.string(), z.number().int().nonnegative()),
})
export type ReportData = z.infer<typeof ReportData>
