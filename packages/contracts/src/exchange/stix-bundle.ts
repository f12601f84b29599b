import { z } from 'zod'
import { refTo } from './stix-common.js'

/** The most objects one bundle may carry through an import or an upload. */
export const MAX_BUNDLE_OBJECTS = 200_000

/**
 * A STIX 2.1 bundle's envelope (§8). Its objects are checked one by one, so that a bundle
 * with some invalid objects still delivers the valid ones (the TAXII status model).
 *
 * @example
 * StixBundle.parse({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [] })
 */
export const StixBundle = z.looseObject({
  type: z.literal('bundle'),
  id: refTo('bundle'),
  objects: z.array(z.unknown()).max(MAX_BUNDLE_OBJECTS).optional(),
})
export type StixBundle = z.infer<typeof StixBundle>
