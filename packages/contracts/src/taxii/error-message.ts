import { z } from 'zod'

/**
 * The TAXII error message (TAXII 2.1 §3.6.1), answered for every error under `/taxii2/`.
 * `http_status` is a string in the specification; Vigil puts its error code in
 * `error_code` and the request id in `error_id`.
 *
 * @example
 * TaxiiError.parse({ title: 'Not Acceptable', http_status: '406', error_code: 'TAXII_NOT_ACCEPTABLE' })
 */
export const TaxiiError = z.object({
  title: z.string().min(1),
  description: z.string().optional(),
  error_id: z.string().optional(),
  error_code: z.string().optional(),
  http_status: z
    .string()
    .regex(/^[1-5]\d\d$/)
    .optional(),
  external_details: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
})
export type TaxiiError = z.infer<typeof TaxiiError>
