import { z } from 'zod'

/** What one pass of `vigil requests run-jobs` did (`--json`). */
export const RequestJobsResult = z.object({
  noticesReleased: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  noAddress: z.number().int(),
  /** Warnings to impersonated agencies (§3.1 G1): sent, failed, and without a contact (call the directory number). */
  agencyWarningsSent: z.number().int(),
  agencyWarningsFailed: z.number().int(),
  agencyWarningsToCall: z.number().int(),
  holdsReleased: z.number().int(),
  slaAlerts: z.number().int(),
  documents: z.number().int(),
  packages: z.number().int(),
})
export type RequestJobsResult = z.infer<typeof RequestJobsResult>
