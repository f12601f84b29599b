import { z } from 'zod'

/**
 * One TAXII collection as the caller sees it (TAXII 2.1 §5.2.1): `can_read` and
 * `can_write` are the caller's own rights, never the collection's in general.
 *
 * @example
 * TaxiiCollection.parse({ id: '91a7b528-80eb-42ed-a74d-c6fbd5a26116', title: 'Tips', can_read: true, can_write: false })
 */
export const TaxiiCollection = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  description: z.string().optional(),
  alias: z.string().optional(),
  can_read: z.boolean(),
  can_write: z.boolean(),
  media_types: z.array(z.string()).optional(),
})
export type TaxiiCollection = z.infer<typeof TaxiiCollection>

/**
 * The collections resource (TAXII 2.1 §5.1.1); an empty list may omit `collections`.
 *
 * @example
 * TaxiiCollections.parse({ collections: [] })
 */
export const TaxiiCollections = z.object({ collections: z.array(TaxiiCollection).optional() })
export type TaxiiCollections = z.infer<typeof TaxiiCollections>
