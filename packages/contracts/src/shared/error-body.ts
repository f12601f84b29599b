import { z } from 'zod'
import { ErrorCode } from './error-codes.js'

/**
 * The JSON body of every error answered under `/api/v1` and the other non-TAXII routes; its
 * `code` is one of {@link ERROR_CODES}, so clients branch on a closed set.
 *
 * @example
 * ErrorBody.parse({ error: { code: 'AUTH_FORBIDDEN', message: 'not allowed', requestId: 'req-1' } })
 */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    requestId: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
