import { z } from 'zod'
import { CUSTOM_PROPERTY, StixId, StixTypeName, scoCommonShape, sdoCommonShape, stixIdType } from './stix-common.js'
import { storageIssue } from './stix-limits.js'
import { crossPropertyIssues, jsonPath, type StixIssue, valueIssues } from './stix-rules.js'
import { STIX_TYPE_SCHEMAS } from './stix-types.js'

export { compareStixTimestamps, jsonPath, type StixIssue } from './stix-rules.js'

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

function issuesOf(error: z.ZodError): StixIssue[] {
  return error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }))
}

// STIX 2.1 §3.1: property names are lowercase ASCII, digits and underscore, 3–250 long.
const PROPERTY_NAME = /^[a-z0-9_]{3,250}$/

/** What is wrong with a property name, in plain words (STIX 2.1 §3.1 and §11.1). */
function nameProblem(key: string): string {
  const problems = [
    ...(/[A-Z]/.test(key) ? ['capital letters'] : []),
    ...(key.includes('-') ? ['a hyphen'] : []),
    ...(/[^A-Za-z0-9_-]/.test(key) ? ['characters other than letters, digits and underscores'] : []),
    ...(key.length < 3 || key.length > 250 ? ['a length outside 3–250'] : []),
  ]
  return problems.join(' and ')
}

function propertyIssue(key: string, known: boolean): StixIssue | undefined {
  if (CUSTOM_PROPERTY.test(key)) return undefined
  const path = jsonPath([key])
  if (/^x_/i.test(key)) {
    return {
      path,
      message: `custom property name has ${nameProblem(key)}: STIX 2.1 §11.1 allows only x_ then lowercase letters, digits and underscores`,
    }
  }
  if (known) return { path, message: 'is not a property of this type: custom properties are named x_… or go in extensions' }
  if (!PROPERTY_NAME.test(key))
    return { path, message: `property name has ${nameProblem(key)}: STIX 2.1 §3.1 allows 3–250 lowercase letters, digits or underscores` }
  return undefined
}

// A custom object type (§11.2, defined by an extension definition): checked for the common
// properties of an SDO, or of an SCO when its extension says `new-sco`.
const customSdo = z.looseObject(sdoCommonShape)
const customSco = z.looseObject(scoCommonShape)

function isNewSco(o: Record<string, unknown>): boolean {
  const extensions = o.extensions
  if (typeof extensions !== 'object' || extensions === null) return false
  return Object.values(extensions).some(
    (e) => typeof e === 'object' && e !== null && (e as { extension_type?: unknown }).extension_type === 'new-sco',
  )
}

/**
 * Checks one value against STIX 2.1 and what one stored object may be (`storageIssue`): the schema of its type for every type the specification defines
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
  // §8: a bundle only wraps objects; it is not one to store.
  if (type === 'bundle') return fail([{ path: '$.type', message: 'a bundle is not an object to store: send the objects it holds' }])

  const schema = (STIX_TYPE_SCHEMAS as Record<string, z.ZodObject>)[type]
  const parsed = (schema ?? (isNewSco(o) ? customSco : customSdo)).safeParse(o)
  const issues = parsed.success ? [] : issuesOf(parsed.error)
  for (const key of Object.keys(o)) {
    if (schema ? key in schema.shape : key in sdoCommonShape) continue
    const issue = propertyIssue(key, schema !== undefined)
    if (issue) issues.push(issue)
  }
  issues.push(...valueIssues(o), ...crossPropertyIssues(o))
  return issues.length === 0 ? { ok: true, object: o as StixObject } : fail(issues)
}
