import { z } from 'zod'
import { PendingCondition, RejectCode } from './assessment.js'
import { IsoDate } from './data-request.js'
import { DataCategory } from './legal-process.js'

/**
 * Where a request is in its review (DESIGN.md §3): submitted → in review → approved / narrowed /
 * rejected / needs information / routed to MLAT / no records / preserved → disclosed → closed;
 * withdrawn before disclosure; a preservation hold is released at its expiry or by a reviewer.
 */
export const RequestState = z.enum([
  'submitted',
  'in_review',
  'needs_information',
  'approved',
  'narrowed',
  'rejected',
  'routed_to_mlat',
  'no_records',
  'preserved',
  'released',
  'disclosed',
  'closed',
  'withdrawn',
])
export type RequestState = z.infer<typeof RequestState>

/**
 * What an actor does to a request. Requesters withdraw and answer; reviewers decide; the system
 * expires holds.
 *
 * @example
 * ReviewAction.parse({ type: 'narrow', categories: ['basic_subscriber_info'], note: 'no warrant for content' })
 */
export const ReviewAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start_review') }),
  z.object({ type: z.literal('approve'), note: z.string().max(4000).optional() }),
  z.object({ type: z.literal('narrow'), categories: z.array(DataCategory).min(1), note: z.string().max(4000) }),
  z.object({ type: z.literal('reject'), code: RejectCode, note: z.string().max(4000) }),
  z.object({ type: z.literal('request_information'), message: z.string().min(1).max(4000) }),
  z.object({ type: z.literal('respond'), message: z.string().min(1).max(4000) }),
  z.object({ type: z.literal('route_to_mlat'), note: z.string().max(4000).optional() }),
  z.object({ type: z.literal('mark_no_records') }),
  z.object({ type: z.literal('preserve'), preserveUntil: IsoDate }),
  z.object({ type: z.literal('extend_hold'), preserveUntil: IsoDate }),
  z.object({ type: z.literal('release_hold') }),
  z.object({ type: z.literal('expire_hold') }),
  z.object({ type: z.literal('record_callback'), result: z.enum(['verified', 'failed']), note: z.string().max(4000) }),
  z.object({ type: z.literal('confirm_second_review') }),
  z.object({ type: z.literal('clear_condition'), code: PendingCondition.shape.code, note: z.string().min(1).max(4000) }),
  z.object({ type: z.literal('disclose') }),
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('withdraw') }),
])
export type ReviewAction = z.infer<typeof ReviewAction>
