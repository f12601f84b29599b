import { VigilError } from '@vigil/core'

/** True when PostgreSQL (or PGlite) refused a row for breaking a unique constraint. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505'
}

/** Runs `fn`, turning a unique violation into `CONFLICT` with `message`. */
export async function conflictOnDuplicate<T>(fn: () => Promise<T>, message: string, details: Record<string, unknown> = {}): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (isUniqueViolation(err)) throw new VigilError('CONFLICT', message, details, { cause: err })
    throw err
  }
}
