import { z } from 'zod'
import { OrgId } from '../auth/identity.js'
import { StixId } from './stix-common.js'

/** One organisation's sightings of an object: how many `sighting` objects, their total `count`. */
export const OrgSightings = z.object({
  orgId: OrgId.nullable(),
  orgName: z.string(),
  sightings: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  lastSeen: z.string().nullable(),
})
export type OrgSightings = z.infer<typeof OrgSightings>

/**
 * `GET /api/v1/sightings?object=ID`: who confirmed an object ("we saw this too"), among the
 * sightings the caller may see.
 *
 * @example
 * SightingSummary.parse(body).byOrg[0].count
 */
export const SightingSummary = z.object({
  objectId: StixId,
  sightings: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  byOrg: z.array(OrgSightings),
  /** The caller's organisation's own sightings of the object, which it may withdraw. */
  yours: z.array(StixId).default([]),
})
export type SightingSummary = z.infer<typeof SightingSummary>

export const SightingQuery = z.object({ object: StixId })

/** `POST /api/v1/sightings/:id/withdraw`: the sighting to withdraw (one's organisation's own). */
export const SightingParams = z.object({ id: StixId })
