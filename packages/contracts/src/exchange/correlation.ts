import { z } from 'zod'
import { OrgId } from '../auth/identity.js'
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

/**
 * A container of a notice's object as its reader may see it: a `report` or `grouping` whose
 * `object_refs` name the object (observed data and indicators sit in them), or the object
 * itself when it is a report or grouping, or when no container the reader may see holds it.
 * A container the reader may not read is never named.
 *
 * @example
 * { id: 'report--…', type: 'report', name: 'Amplifier network', creatorOrgId: '…', created: '2026-12-01T10:00:00.000Z' }
 */
export const CorrelationContainer = z.object({
  id: StixId,
  type: z.string(),
  name: z.string().nullable(),
  /** The organisation that shared it; null for the instance itself. */
  creatorOrgId: OrgId.nullable(),
  created: z.string().nullable(),
})
export type CorrelationContainer = z.infer<typeof CorrelationContainer>

/**
 * `GET /api/v1/correlations`: the notices, and for each object they name, the containers
 * holding it that the reader may see (so an inbox can give one line per pair of containers).
 */
export const CorrelationList = z.object({
  notices: z.array(CorrelationNotice),
  containers: z.record(z.string(), z.array(CorrelationContainer)),
})
export type CorrelationList = z.infer<typeof CorrelationList>
