import { z } from 'zod'
import { TaxiiTimestamp } from './timestamp.js'

/** The largest number of objects one envelope or page may carry in Vigil. */
export const MAX_ENVELOPE_OBJECTS = 10_000

/**
 * What TAXII needs of a STIX object inside an envelope: its `type` and `id`, and for
 * versioned objects `modified`/`created`. Every other property is kept as received; the
 * exchange store validates the object in full.
 *
 * @example
 * EnvelopeObject.parse({ type: 'indicator', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', spec_version: '2.1' })
 */
export const EnvelopeObject = z.looseObject({
  type: z.string().regex(/^[a-z0-9-]{3,250}$/, 'a STIX type'),
  id: z.string().regex(/^[a-z0-9-]{3,250}--[0-9a-fA-F-]{36}$/, 'a STIX id (type--UUID)'),
  spec_version: z.string().optional(),
  created: TaxiiTimestamp.optional(),
  modified: TaxiiTimestamp.optional(),
})
export type EnvelopeObject = z.infer<typeof EnvelopeObject>

/**
 * The TAXII envelope (TAXII 2.1 §3.7): a page of objects, `more` when further pages
 * exist and `next` to fetch the following one.
 *
 * @example
 * Envelope.parse({ more: false, objects: [] })
 */
export const Envelope = z.object({
  more: z.boolean().optional(),
  next: z.string().min(1).optional(),
  objects: z.array(EnvelopeObject).max(MAX_ENVELOPE_OBJECTS).optional(),
})
export type Envelope = z.infer<typeof Envelope>

/**
 * An envelope POSTed to a collection. Each object needs only an id of STIX form, so the
 * status resource can name it; everything else about it is the exchange store's to check,
 * as a failure of that object alone (TAXII 2.1 §5.5: per-object status).
 *
 * @example
 * PostedEnvelope.parse({ objects: [{ id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', type: 'not-valid' }] })
 */
export const PostedEnvelope = z.object({
  more: z.boolean().optional(),
  next: z.string().min(1).optional(),
  objects: z
    .array(z.looseObject({ id: EnvelopeObject.shape.id }))
    .max(MAX_ENVELOPE_OBJECTS)
    .optional(),
})
export type PostedEnvelope = z.infer<typeof PostedEnvelope>
/** One object of a POSTed envelope: an id the status can name it by, the rest unchecked. */
export type PostedObject = NonNullable<PostedEnvelope['objects']>[number]
