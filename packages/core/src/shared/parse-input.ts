import { jsonPath } from '@vigil/contracts'
import { type ErrorCode, VigilError } from './errors.js'

/** One problem zod reports, as `parseInput` reads it (core takes no dependency on zod itself). */
interface InputIssue {
  readonly code?: string
  readonly path: readonly PropertyKey[]
  readonly message: string
  /** The unknown keys of an `unrecognized_keys` problem. */
  readonly keys?: readonly string[]
}

/** What `parseInput` needs of a zod schema. */
export interface InputSchema<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: readonly InputIssue[] } }
}

/**
 * How a problem's place is written: `dotted` (`request.targets.0`, for command lines, forms and
 * settings files), `json-path` (`$.objects[0].id`, for JSON documents such as a STIX bundle) or
 * `json-pointer` (`/objects/0/id`, as TAXII and JSON Schema name places), or `option`, the command
 * line's option for the first key (`minRepeat` is `--min-repeat`).
 */
export type PathStyle = 'dotted' | 'json-path' | 'json-pointer' | 'option'

/** How `parseInput` words its error. */
export interface ParseInputOptions {
  /** The error's code: `VALIDATION_FAILED` unless the context answers its own (`CONFIG_INVALID`, `TAXII_UNPROCESSABLE`). */
  readonly code?: ErrorCode
  /** How the problem's place is written; `dotted` by default. */
  readonly path?: PathStyle
  /** What the value is called where the problem is the value itself (`input` by default). */
  readonly name?: string
  /** With `dotted`, the name every place starts from (`params` gives `params.window`). */
  readonly root?: string
  /** Opens the message: the file, line or kind of document (`not a MISP event: `). */
  readonly prefix?: string
  /** Added to the error's details (the file's line, the URL). */
  readonly details?: Readonly<Record<string, unknown>>
  /** How many problems go in `details.issues` as `{ path, message }`; none by default. */
  readonly issues?: number
}

function place(path: readonly PropertyKey[], o: ParseInputOptions): string {
  const style = o.path ?? 'dotted'
  if (style === 'json-path') return jsonPath(path)
  if (style === 'json-pointer') return `/${path.map(String).join('/')}`
  if (style === 'option') return `--${String(path[0] ?? o.name ?? 'input').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
  return [...(o.root === undefined ? [] : [o.root]), ...path.map(String)].join('.')
}

function describe(issue: InputIssue | undefined, o: ParseInputOptions): string {
  if (!issue) return `${o.name ?? 'input'}: invalid`
  // A misspelt field is named as such, not reported as the field it was meant to be.
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `unknown field ${issue.keys.map((k) => place([...issue.path, k], o)).join(', ')}`
  }
  const where = place(issue.path, o)
  // JSON paths read as a validator prints them (`$.id invalid`); dotted ones as a field's label.
  if ((o.path ?? 'dotted') === 'dotted' || o.path === 'option') return `${where || (o.name ?? 'input')}: ${issue.message}`
  return `${where} ${issue.message}`
}

/**
 * Parses input with a schema, turning a failure into one clear error line naming the first
 * problem's place, in the style and with the code its context speaks.
 *
 * @example
 * const input = parseInput(OrgInput, body, 'organisation') // "domains.0: invalid domain"
 * parseInput(MispEventFile, json, { path: 'json-path', prefix: 'not a MISP event: ' }) // "not a MISP event: $.Event.uuid Invalid UUID"
 * parseInput(PostedEnvelope, body, { code: 'TAXII_UNPROCESSABLE', path: 'json-pointer', issues: 20 })
 */
export function parseInput<T>(schema: InputSchema<T>, value: unknown, options: string | ParseInputOptions = {}): T {
  const o: ParseInputOptions = typeof options === 'string' ? { name: options } : options
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const { issues } = parsed.error
  const listed = o.issues ? issues.slice(0, o.issues).map((i) => ({ path: place(i.path, o), message: i.message })) : undefined
  throw new VigilError(o.code ?? 'VALIDATION_FAILED', `${o.prefix ?? ''}${describe(issues[0], o)}`, {
    ...o.details,
    ...(listed ? { issues: listed } : {}),
  })
}
