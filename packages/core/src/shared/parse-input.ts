import { VigilError } from './errors.js'

/** What `parseInput` needs of a zod schema (core takes no dependency on zod itself). */
export interface InputSchema<T> {
  safeParse(
    v: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }
}

/**
 * Parses input with a schema, turning a failure into one clear `VALIDATION_FAILED` line
 * naming the first problem's path (or `whole` when the value itself is wrong).
 *
 * @example
 * const input = parseInput(OrgInput, body, 'organisation') // "domains.0: invalid domain"
 */
export function parseInput<T>(schema: InputSchema<T>, value: unknown, whole = 'input'): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new VigilError('VALIDATION_FAILED', `${issue?.path.map(String).join('.') || whole}: ${issue?.message ?? 'invalid'}`)
}
