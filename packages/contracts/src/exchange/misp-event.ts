import { z } from 'zod'
import { IngestResult } from './exchange-api.js'

// The MISP core format (draft-dulaunoy-misp-core-format): numbers often arrive as strings.
const numeric = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number)
const MispTag = z.looseObject({ name: z.string().min(1).max(500) })

/** A MISP attribute: one typed value (`url`, `domain`, `ip-dst`, `email-src`, `twitter-id`, …). */
export const MispAttribute = z.looseObject({
  uuid: z.string().max(100).optional(),
  type: z.string().min(1).max(100),
  category: z.string().max(100).optional(),
  value: z.string().max(100_000),
  to_ids: z.union([z.boolean(), z.string()]).optional(),
  comment: z.string().max(100_000).optional(),
  timestamp: numeric.optional(),
  distribution: numeric.optional(),
  object_relation: z.string().max(200).nullable().optional(),
  Tag: z.array(MispTag).max(1000).optional(),
})
export type MispAttribute = z.infer<typeof MispAttribute>

/** A MISP object: attributes grouped by a template (`twitter-account`, `domain-ip`, …). */
export const MispObject = z.looseObject({
  uuid: z.string().max(100).optional(),
  name: z.string().min(1).max(200),
  'meta-category': z.string().max(200).optional(),
  comment: z.string().max(100_000).optional(),
  timestamp: numeric.optional(),
  distribution: numeric.optional(),
  Attribute: z.array(MispAttribute).max(10_000).default([]),
})
export type MispObject = z.infer<typeof MispObject>

/**
 * A MISP event as MISP exports it (`{"Event": {...}}`): its info, date, distribution
 * (0 your organisation, 1 this community, 2 connected communities, 3 all, 4 a sharing
 * group), tags, attributes and objects.
 *
 * @example
 * MispEventFile.parse(JSON.parse(text)).Event.info
 */
export const MispEvent = z.looseObject({
  uuid: z.string().max(100),
  info: z.string().min(1).max(65_535),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  timestamp: numeric.optional(),
  distribution: numeric.default(1),
  Orgc: z.looseObject({ name: z.string().min(1).max(255), uuid: z.string().max(100).optional() }).optional(),
  Tag: z.array(MispTag).max(1000).optional(),
  Attribute: z.array(MispAttribute).max(100_000).default([]),
  Object: z.array(MispObject).max(10_000).default([]),
})
export type MispEvent = z.infer<typeof MispEvent>

export const MispEventFile = z.object({ Event: MispEvent })
export type MispEventFile = z.infer<typeof MispEventFile>

/**
 * `POST /api/v1/collections/:id/misp`: the import's outcome, and how many attributes had no
 * STIX mapping and were left out.
 *
 * @example
 * MispImportResult.parse(body).unmapped // 1
 */
export const MispImportResult = IngestResult.extend({ unmapped: z.number().int().nonnegative() })
export type MispImportResult = z.infer<typeof MispImportResult>
