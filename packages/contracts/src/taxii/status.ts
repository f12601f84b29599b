import { z } from 'zod'
import { TaxiiTimestamp } from './timestamp.js'

/**
 * What became of one posted object (TAXII 2.1 §4.3.1 "status-details").
 *
 * @example
 * StatusDetails.parse({ id: 'indicator--…', version: '2026-11-29T21:00:00.000Z', message: 'stored' })
 */
export const StatusDetails = z.object({
  id: z.string().min(1),
  version: z.string().min(1),
  message: z.string().optional(),
})
export type StatusDetails = z.infer<typeof StatusDetails>

/**
 * The status resource of one POST to a collection's objects (TAXII 2.1 §4.3.1): counts,
 * and the objects that succeeded, failed or are still pending.
 *
 * @example
 * TaxiiStatus.parse({ id: '2d086da7-4bdc-4f91-900e-d77486753710', status: 'complete', total_count: 1, success_count: 1, failure_count: 0, pending_count: 0 })
 */
export const TaxiiStatus = z.object({
  id: z.string().min(1),
  status: z.enum(['pending', 'complete']),
  request_timestamp: TaxiiTimestamp.optional(),
  total_count: z.number().int().min(0),
  success_count: z.number().int().min(0),
  successes: z.array(StatusDetails).optional(),
  failure_count: z.number().int().min(0),
  failures: z.array(StatusDetails).optional(),
  pending_count: z.number().int().min(0),
  pendings: z.array(StatusDetails).optional(),
})
export type TaxiiStatus = z.infer<typeof TaxiiStatus>
