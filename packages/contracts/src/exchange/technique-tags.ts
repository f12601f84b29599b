import { z } from 'zod'
import { CollectionId } from './exchange-api.js'
import { StixId } from './stix-common.js'

/**
 * A DISARM technique's framework id, as its `attack-pattern`'s `external_references` carry it.
 *
 * @example
 * DisarmId.safeParse('T0049.003').success // true
 */
export const DisarmId = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'must be a DISARM id such as T0049.003')

/** The STIX types that DISARM techniques may tag (with `uses` relationships). */
export const TECHNIQUE_TAGGABLE_TYPES = ['campaign', 'grouping', 'report', 'intrusion-set', 'threat-actor', 'incident'] as const

/** A DISARM technique by its framework id (`T0049.003`) or its `attack-pattern` STIX id. */
export const TechniqueRef = z.union([DisarmId, StixId])

/**
 * `POST /api/v1/techniques`: tag a campaign, grouping (network), report, intrusion set or
 * threat actor with techniques; the `uses` relationships go into `collection`.
 *
 * @example
 * TagTechniquesInput.parse({ object: 'grouping--…', collection: '…', techniques: ['T0049.003'] })
 */
export const TagTechniquesInput = z.object({
  object: StixId,
  collection: CollectionId,
  techniques: z.array(TechniqueRef).min(1).max(100),
})
export type TagTechniquesInput = z.infer<typeof TagTechniquesInput>

/** One technique an object is tagged with; `proposed` when detection suggested it and no analyst has confirmed it. */
export const TechniqueTag = z.object({
  relationshipId: StixId,
  techniqueId: StixId,
  disarmId: z.string().nullable(),
  name: z.string().nullable(),
  proposed: z.boolean(),
})
export type TechniqueTag = z.infer<typeof TechniqueTag>

export const TechniqueTagList = z.object({ objectId: StixId, techniques: z.array(TechniqueTag) })
export type TechniqueTagList = z.infer<typeof TechniqueTagList>

export const TechniqueQuery = z.object({ object: StixId })
