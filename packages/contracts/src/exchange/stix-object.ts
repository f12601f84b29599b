import { z } from 'zod'
import { CUSTOM_PROPERTY, StixId, StixTimestamp, StixTypeName, sdoCommonShape, stixIdType } from './stix-common.js'
import { storageIssue } from './stix-limits.js'
import { STIX_TYPE_SCHEMAS, UNMODELLED_SPEC_TYPES } from './stix-types.js'

/** One reason an object was refused, with the JSON path of the offending value. */
export interface StixIssue {
  /** JSONPath from the object's root, e.g. `$.external_references[0].source_name`. */
  readonly path: string
  readonly message: string
}

/** A STIX object as received: its known shape, with every other property kept as it came. */
export type StixObject = Readonly<Record<string, unknown>> & {
  readonly type: string
  readonly id: string
  readonly spec_version?: string
  readonly created?: string
  readonly modified?: string
  readonly revoked?: boolean
  readonly created_by_ref?: string
  readonly object_marking_refs?: readonly string[]
  readonly granular_markings?: readonly { readonly marking_ref?: string; readonly selectors: readonly string[] }[]
}

/** The outcome of checking one object: the object unchanged, or every reason it is invalid. */
export type StixParseResult =
  | { readonly ok: true; readonly object: StixObject }
  | { readonly ok: false; readonly id?: string; readonly issues: readonly StixIssue[] }

// STIX 2.1 §3.1: property names are lowercase ASCII, digits and underscore, 3–250 long.
const PROPERTY_NAME = /^[a-z0-9_]{3,250}$/

/** Formats a path of keys and indexes as JSONPath (`$.a[0].b`). */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`)).join('')}`
}

/**
 * Orders two STIX timestamps to any precision (they may carry more than milliseconds).
 * Returns a negative number, zero or a positive number.
 */
export function compareStixTimestamps(a: string, b: string): number {
  const norm = (t: string) => {
    const [whole, frac = ''] = t.slice(0, -1).split('.')
    return `${whole}.${frac.padEnd(12, '0')}`
  }
  const x = norm(a)
  const y = norm(b)
  return x < y ? -1 : x > y ? 1 : 0
}

function issuesOf(error: z.ZodError): StixIssue[] {
  return error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }))
}

function before(o: Record<string, unknown>, earlier: string, later: string, strict: boolean): StixIssue[] {
  const a = o[earlier]
  const b = o[later]
  // Malformed timestamps are reported by the schema; comparing them would only add noise.
  if (!StixTimestamp.safeParse(a).success || !StixTimestamp.safeParse(b).success) return []
  if (typeof a !== 'string' || typeof b !== 'string') return []
  const c = compareStixTimestamps(a, b)
  return (strict ? c >= 0 : c > 0)
    ? [{ path: jsonPath([later]), message: `must be ${strict ? 'later than' : 'at or after'} ${earlier}` }]
    : []
}

// Rules the specification states across properties, which a per-property schema cannot.
function crossPropertyIssues(o: Record<string, unknown>): StixIssue[] {
  const issues = [
    ...before(o, 'created', 'modified', false),
    ...before(o, 'first_seen', 'last_seen', false),
    ...before(o, 'first_observed', 'last_observed', false),
    ...before(o, 'start_time', 'stop_time', true),
    ...before(o, 'valid_from', 'valid_until', true),
  ]
  if (
    o.type === 'location' &&
    o.region === undefined &&
    o.country === undefined &&
    (o.latitude === undefined || o.longitude === undefined)
  ) {
    issues.push({ path: '$', message: 'a location needs region, country, or latitude and longitude' })
  }
  if (o.type === 'location' && (o.latitude === undefined) !== (o.longitude === undefined)) {
    issues.push({ path: '$', message: 'latitude and longitude go together' })
  }
  if (o.type === 'malware' && o.is_family === true && o.name === undefined) {
    issues.push({ path: '$.name', message: 'a malware family needs a name' })
  }
  if (o.type === 'file' && o.hashes === undefined && o.name === undefined) {
    issues.push({ path: '$', message: 'a file needs hashes or a name' })
  }
  if (o.type === 'marking-definition' && o.extensions === undefined && (o.definition_type === undefined || o.definition === undefined)) {
    issues.push({ path: '$', message: 'a marking definition needs definition_type and definition, or extensions' })
  }
  return issues
}

// STIX 2.1 §3.1 forbids null and empty lists anywhere at the top level; binary and hex
// properties are named by their suffix.
function valueIssues(o: Record<string, unknown>): StixIssue[] {
  const issues: StixIssue[] = []
  for (const [key, value] of Object.entries(o)) {
    const path = jsonPath([key])
    if (value === null) issues.push({ path, message: 'must not be null' })
    else if (Array.isArray(value) && value.length === 0) issues.push({ path, message: 'must not be an empty list' })
    else if (key.endsWith('_hex') && !(typeof value === 'string' && /^([a-fA-F0-9]{2})+$/.test(value))) {
      issues.push({ path, message: 'must be a hex string' })
    } else if (key.endsWith('_bin') && !(typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value))) {
      issues.push({ path, message: 'must be base64' })
    }
  }
  return issues
}

const customObject = z.looseObject(sdoCommonShape)

/**
 * Checks one value against STIX 2.1 and what one stored object may be (`storageIssue`): the schema of its type for the types Vigil models
 * (any other property must be custom, `x_…`, or sit in `extensions`), the common
 * properties only for custom types such as DISARM's `x-mitre-tactic`. The object is
 * returned exactly as given, never normalised.
 *
 * @example
 * const r = parseStixObject(JSON.parse(text)); if (!r.ok) console.log(r.issues[0].path, r.issues[0].message)
 */
export function parseStixObject(value: unknown): StixParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ path: '$', message: 'must be a JSON object' }] }
  }
  const o = value as Record<string, unknown>
  // Before any schema: one place caps every type's depth and size and keeps out what
  // PostgreSQL cannot store, so a poisoned object fails alone instead of its whole import.
  const unstorable = storageIssue(o)
  if (unstorable) return { ok: false, ...(StixId.safeParse(o.id).success ? { id: o.id as string } : {}), issues: [unstorable] }
  const head = z.object({ type: StixTypeName, id: StixId }).safeParse(o)
  if (!head.success) return { ok: false, ...(typeof o.id === 'string' ? { id: o.id } : {}), issues: issuesOf(head.error) }
  const { type, id } = head.data
  const fail = (issues: StixIssue[]): StixParseResult => ({ ok: false, id, issues })
  if (stixIdType(id) !== type) return fail([{ path: '$.id', message: `must start with "${type}--"` }])
  if (UNMODELLED_SPEC_TYPES.has(type)) return fail([{ path: '$.type', message: `type ${type} is not supported by this store` }])

  const schema = (STIX_TYPE_SCHEMAS as Record<string, z.ZodObject>)[type]
  const parsed = (schema ?? customObject).safeParse(o)
  const issues = parsed.success ? [] : issuesOf(parsed.error)
  for (const key of Object.keys(o)) {
    if (schema && !(key in schema.shape) && !CUSTOM_PROPERTY.test(key)) {
      issues.push({ path: jsonPath([key]), message: 'is not a property of this type: custom properties are named x_… or go in extensions' })
    } else if (!schema && !(key in sdoCommonShape) && !PROPERTY_NAME.test(key)) {
      issues.push({ path: jsonPath([key]), message: 'property names are 3–250 lowercase letters, digits or underscores' })
    }
  }
  issues.push(...valueIssues(o), ...crossPropertyIssues(o))
  return issues.length === 0 ? { ok: true, object: o as StixObject } : fail(issues)
}
