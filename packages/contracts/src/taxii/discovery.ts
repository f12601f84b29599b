import { z } from 'zod'

/**
 * The discovery resource at `/taxii2/` (TAXII 2.1 §4.1.1): the server and its API roots,
 * given as absolute URLs.
 *
 * @example
 * Discovery.parse({ title: 'Vigil', api_roots: ['https://vigil.example.org/taxii2/vigil/'] })
 */
export const Discovery = z.object({
  title: z.string().min(1),
  description: z.string().optional(),
  contact: z.string().optional(),
  default: z.url().optional(),
  api_roots: z.array(z.url()).optional(),
})
export type Discovery = z.infer<typeof Discovery>

/**
 * An API root's information (TAXII 2.1 §4.2.1): its supported versions and the largest
 * request body it accepts, in bytes.
 *
 * @example
 * ApiRoot.parse({ title: 'Vigil', versions: ['application/taxii+json;version=2.1'], max_content_length: 10485760 })
 */
export const ApiRoot = z.object({
  title: z.string().min(1),
  description: z.string().optional(),
  versions: z.array(z.string().min(1)).min(1),
  max_content_length: z.number().int().positive(),
})
export type ApiRoot = z.infer<typeof ApiRoot>
