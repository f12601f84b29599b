import { z } from 'zod'
import { TaxiiTimestamp } from './timestamp.js'

/**
 * One manifest record (TAXII 2.1 §5.3.1): an object version, when the server added it,
 * and its media type.
 *
 * @example
 * ManifestRecord.parse({ id: 'indicator--…', date_added: '2026-11-29T22:00:00.000Z', version: '2026-11-29T21:00:00.000Z' })
 */
export const ManifestRecord = z.object({
  id: z.string().min(1),
  date_added: TaxiiTimestamp,
  version: z.string().min(1),
  media_type: z.string().optional(),
})
export type ManifestRecord = z.infer<typeof ManifestRecord>

/** A page of manifest records, paginated like an envelope. */
export const Manifest = z.object({
  more: z.boolean().optional(),
  next: z.string().min(1).optional(),
  objects: z.array(ManifestRecord).optional(),
})
export type Manifest = z.infer<typeof Manifest>

/**
 * The versions resource of one object (TAXII 2.1 §5.7.1): its versions' `modified`
 * (or `created`) timestamps, oldest first.
 *
 * @example
 * Versions.parse({ more: false, versions: ['2026-11-29T21:00:00.000Z'] })
 */
export const Versions = z.object({
  more: z.boolean().optional(),
  versions: z.array(z.string().min(1)).optional(),
})
export type Versions = z.infer<typeof Versions>
