import { z } from 'zod'

// STIX 2.1 §3.1: a type name is lowercase ASCII letters, digits and hyphens, 3–250 long.
const TYPE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'
const IDENTIFIER = new RegExp(`^([a-z][a-z0-9-]*[a-z0-9])--(${UUID})$`)
// STIX 2.1 §3.2: RFC 3339 in UTC ("Z"); `created`/`modified` at least to the millisecond.
const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/
const TIMESTAMP_MS = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)\.\d{3,}Z$/
/** A custom property name: `x_` then lowercase letters, digits, underscores (STIX 2.1 §11.1). */
export const CUSTOM_PROPERTY = /^x_[a-z0-9_]{1,248}$/

/** The type part of a STIX identifier, or undefined when `id` is not one. */
export function stixIdType(id: string): string | undefined {
  return IDENTIFIER.exec(id)?.[1]
}

/** The UUID part of a STIX identifier, or undefined. */
export function stixIdUuid(id: string): string | undefined {
  return IDENTIFIER.exec(id)?.[2]
}

/** A STIX type name such as `indicator` or `x-mitre-tactic`. */
export const StixTypeName = z
  .string()
  .min(3)
  .max(250)
  .regex(TYPE_NAME, 'must be lowercase letters, digits and hyphens, starting with a letter')

/**
 * A STIX identifier `type--UUID` (lowercase UUID of version 1–5, RFC 4122 variant).
 *
 * @example
 * StixId.parse('indicator--33fe3b22-0201-47cf-85d0-97c02164528d')
 */
export const StixId = z.string().max(300).regex(IDENTIFIER, 'must be an identifier of the form type--UUID')
export type StixId = z.infer<typeof StixId>

/**
 * A reference that must point at one of `types` (STIX 2.1 §2.7: reference types are part of
 * each property's definition).
 *
 * @example
 * refTo('identity').parse('identity--611d9d41-dba5-4e13-9b29-e22488058ffc')
 */
export function refTo(...types: readonly string[]) {
  return StixId.refine((id) => types.includes(stixIdType(id) ?? ''), {
    message: `must reference ${types.length === 1 ? 'a' : 'one of'} ${types.join(', ')}`,
  })
}

/** A reference to any object except the given types. */
export function refNotTo(...types: readonly string[]) {
  return StixId.refine((id) => !types.includes(stixIdType(id) ?? ''), { message: `must not reference ${types.join(', ')}` })
}

/** An RFC 3339 UTC timestamp as STIX writes it. */
export const StixTimestamp = z.string().regex(TIMESTAMP, 'must be an RFC 3339 timestamp in UTC (ending in Z)')

/** A timestamp with at least millisecond precision (`created`, `modified`). */
export const StixTimestampMs = z.string().regex(TIMESTAMP_MS, 'must be an RFC 3339 UTC timestamp with milliseconds')

const nonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1)

// Hash algorithms whose value format STIX 2.1 fixes (§10.7, the hashing-algorithm-ov).
const HASH_FORMATS: Readonly<Record<string, RegExp>> = {
  MD5: /^[a-fA-F0-9]{32}$/,
  'SHA-1': /^[a-fA-F0-9]{40}$/,
  'SHA-256': /^[a-fA-F0-9]{64}$/,
  'SHA-512': /^[a-fA-F0-9]{128}$/,
  'SHA3-256': /^[a-fA-F0-9]{64}$/,
  'SHA3-512': /^[a-fA-F0-9]{128}$/,
  SSDEEP: /^[a-zA-Z0-9/+:.]{1,128}$/,
  TLSH: /^[a-zA-Z0-9]{70}$/,
}

/** A dictionary of hashes, keyed by algorithm (STIX 2.1 §2.7). */
export const Hashes = z
  .record(z.string().regex(/^[a-zA-Z0-9_-]{3,250}$/, 'must be a hash algorithm name'), z.string().min(1))
  .superRefine((hashes, ctx) => {
    if (Object.keys(hashes).length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one hash' })
    for (const [algorithm, value] of Object.entries(hashes)) {
      const format = HASH_FORMATS[algorithm]
      if (format && !format.test(value)) ctx.addIssue({ code: 'custom', path: [algorithm], message: `is not a valid ${algorithm} value` })
    }
  })

export const ExternalReference = z
  .looseObject({
    source_name: z.string().min(1),
    description: z.string().optional(),
    url: z.string().optional(),
    hashes: Hashes.optional(),
    external_id: z.string().optional(),
  })
  .refine((r) => r.description !== undefined || r.url !== undefined || r.external_id !== undefined, {
    message: 'an external reference needs a description, url or external_id',
  })

export const KillChainPhase = z.looseObject({ kill_chain_name: z.string().min(1), phase_name: z.string().min(1) })

export const GranularMarking = z
  .looseObject({
    lang: z.string().optional(),
    marking_ref: refTo('marking-definition').optional(),
    selectors: nonEmptyList(z.string().min(1)),
  })
  .refine((g) => (g.lang === undefined) !== (g.marking_ref === undefined), {
    message: 'a granular marking has exactly one of lang and marking_ref',
  })

// The OASIS `properties.json` rule for property dictionaries: STIX property names, and no
// null or empty-list values.
const PropertyValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown()).min(1), z.record(z.string(), z.unknown())])
const Properties = z.record(z.string().regex(/^[a-z][a-z0-9_]{2,249}$/, 'must be a STIX property name'), PropertyValue)

const EXTENSION_TYPE = z.enum(['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'])
const DEFINED_EXTENSION = new RegExp(`^extension-definition--${UUID}$`)
const PREDEFINED_EXTENSION = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-ext$/

/** The `extensions` dictionary: keys are extension-definition ids or predefined `…-ext` names. */
export const Extensions = z.record(z.string(), z.unknown()).superRefine((extensions, ctx) => {
  const keys = Object.keys(extensions)
  if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'must not be empty' })
  for (const key of keys) {
    const value = extensions[key]
    const defined = DEFINED_EXTENSION.test(key)
    if (!defined && !PREDEFINED_EXTENSION.test(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'must be an extension-definition id or a …-ext name' })
      continue
    }
    const parsed = (defined ? Properties.and(z.looseObject({ extension_type: EXTENSION_TYPE })) : Properties).safeParse(value)
    if (!parsed.success) for (const i of parsed.error.issues) ctx.addIssue({ ...i, path: [key, ...i.path] } as never)
    else if (Object.keys(value as object).length === 0) ctx.addIssue({ code: 'custom', path: [key], message: 'must not be empty' })
  }
})

/** Properties every SDO and SRO has (STIX 2.1 §3.2). */
export const sdoCommonShape = {
  type: StixTypeName,
  spec_version: z.literal('2.1'),
  id: StixId,
  created_by_ref: refTo('identity').optional(),
  created: StixTimestampMs,
  modified: StixTimestampMs,
  revoked: z.boolean().optional(),
  labels: nonEmptyList(z.string()).optional(),
  confidence: z.int().min(0).max(100).optional(),
  lang: z.string().optional(),
  external_references: nonEmptyList(ExternalReference).optional(),
  object_marking_refs: nonEmptyList(refTo('marking-definition')).optional(),
  granular_markings: nonEmptyList(GranularMarking).optional(),
  extensions: Extensions.optional(),
}

/** Properties every SCO has (STIX 2.1 §6.1). */
export const scoCommonShape = {
  type: StixTypeName,
  id: StixId,
  spec_version: z.literal('2.1').optional(),
  object_marking_refs: nonEmptyList(refTo('marking-definition')).optional(),
  granular_markings: nonEmptyList(GranularMarking).optional(),
  defanged: z.boolean().optional(),
  extensions: Extensions.optional(),
}

export { nonEmptyList }
