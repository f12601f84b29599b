import { TaxiiTimestamp } from '@vigil/contracts'
import type { TaxiiSelection } from '@vigil/core'
import { z } from 'zod'

/** The default and largest page a GET on objects or the manifest returns. */
export const TAXII_DEFAULT_LIMIT = 100
export const TAXII_MAX_LIMIT = 1000

// TAXII 2.1 §3.5: a match[...] value is a comma-separated list; an object matches any of them.
const commaList = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(20_000)
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(item).min(1).max(200))

const VersionMatch = z.union([z.enum(['last', 'first', 'all']), TaxiiTimestamp])

/**
 * The query string of a GET on objects, an object, its versions or the manifest
 * (TAXII 2.1 §3.4 pagination, §3.5 filtering). `limit` above the maximum is lowered to
 * it, as the specification lets a server do.
 */
export const TaxiiObjectsQuerystring = z.object({
  added_after: TaxiiTimestamp.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .transform((n) => Math.min(n, TAXII_MAX_LIMIT))
    .optional(),
  next: z.string().min(1).max(200).optional(),
  'match[id]': commaList(z.string().regex(/^[a-z0-9-]{3,250}--[0-9a-fA-F-]{36}$/, 'a STIX id')).optional(),
  'match[type]': commaList(z.string().regex(/^[a-z0-9-]{3,250}$/, 'a STIX type')).optional(),
  'match[version]': commaList(VersionMatch).optional(),
  'match[spec_version]': commaList(z.string().regex(/^\d+\.\d+$/, 'a STIX version such as 2.1')).optional(),
})
export type TaxiiObjectsQuerystring = z.infer<typeof TaxiiObjectsQuerystring>

/**
 * Turns the query string into a store selection. `match[version]` defaults to `last`
 * (§3.5.1); `all` wins over the rest; otherwise a version matches when it is any of the
 * asked `first`, `last` and timestamps.
 */
export function selectionOf(q: TaxiiObjectsQuerystring, defaults: { readonly versions?: 'last' | 'all' } = {}): TaxiiSelection {
  const asked = q['match[version]']
  const versions: TaxiiSelection['versions'] = asked ? (asked.includes('all') ? 'all' : [...new Set(asked)]) : (defaults.versions ?? 'last')
  return {
    ...(q['match[id]'] ? { ids: q['match[id]'] } : {}),
    ...(q['match[type]'] ? { types: q['match[type]'] } : {}),
    versions,
    ...(q.added_after ? { addedAfter: q.added_after } : {}),
    limit: q.limit ?? TAXII_DEFAULT_LIMIT,
    ...(q.next ? { next: q.next } : {}),
    anySpecVersion: q['match[spec_version]']?.includes('2.1') ?? true,
  }
}
