import { z } from 'zod'

/**
 * The JSON body of every error answered under `/api/v1` and the other non-TAXII routes.
 *
 * @example
 * ErrorBody.parse({ error: { code: 'AUTH_FORBIDDEN', message: 'not allowed', requestId: 'req-1' } })
 */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
