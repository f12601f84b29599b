import { z } from 'zod'
import { StixId } from './stix-common.js'

/** A correlation notice's id. */
export const CorrelationNoticeId = z.uuid().brand<'CorrelationNoticeId'>()
export type CorrelationNoticeId = z.infer<typeof CorrelationNoticeId>

/**
 * A correlation notice: two objects of different organisations carry the same observables.
 * An organisation receives it only while it may see both objects.
 *
 * @example
 * CorrelationNotice.parse(await (await fetch('/api/v1/correlations')).json()).notices
 */
export const CorrelationNotice = z.object({
  id: CorrelationNoticeId,
  objects: z.tuple([StixId, StixId]),
  /** The shared observables as `type|canonical value`, e.g. `user-account|twitter:42`. */
  observables: z.array(z.string()),
  createdAt: z.iso.datetime(),
  dismissedAt: z.iso.datetime().nullable(),
})
export type CorrelationNotice = z.infer<typeof CorrelationNotice>

/** `GET /api/v1/correlations`: newest first; dismissed notices only when asked for. */
export const CorrelationQuery = z.object({
  include_dismissed: z.stringbool().default(false),
  object: StixId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})
export type CorrelationQuery = z.infer<typeof CorrelationQuery>

export const CorrelationList = z.object({ notices: z.array(CorrelationNotice) })
export type CorrelationList = z.infer<typeof CorrelationList>
