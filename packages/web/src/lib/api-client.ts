import { ErrorBody, type ErrorCode } from '@vigil/contracts'
import type { z } from 'zod'

/**
 * An error answered by the API, with its code for the UI to branch on: one of the contract's
 * codes, `UNKNOWN` when the answer was not Vigil's error body (a proxy's page), or `NETWORK`
 * when no answer came (the server unreachable).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'UNKNOWN' | 'NETWORK',
    message: string,
  ) {
    super(message)
  }
}

// The session's CSRF token arrives in the session's own answer (never in a cookie a
// page of another origin could make the browser send); writes carry it back.
let csrfToken: string | undefined

/** What a failed request says when the server could not be reached at all. */
export const UNREACHABLE = 'Vigil could not be reached. Check your network connection, then try again.'

/** Remembers the CSRF token of the current session, or forgets it on sign-out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

const sessionLostListeners = new Set<() => void>()

/**
 * Calls `listener` whenever the API answers 401 while the UI holds a session (its CSRF
 * token): the session expired or was ended elsewhere. Returns the unsubscribe function.
 */
export function onSessionLost(listener: () => void): () => void {
  sessionLostListeners.add(listener)
  return () => sessionLostListeners.delete(listener)
}

/**
 * Calls the Vigil HTTP API with the session cookie, sends the CSRF token on writes, and
 * parses the answer with the contract's schema so the UI never trusts an unchecked shape.
 * A `FormData` body goes as multipart (uploads); any other body as JSON.
 */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.infer<S>> {
  const method = init.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (init.body !== undefined && !(init.body instanceof FormData)) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.body === undefined ? null : init.body instanceof FormData ? init.body : JSON.stringify(init.body),
      signal: init.signal ?? null,
    })
  } catch (error) {
    if (init.signal?.aborted) throw error
    // The browser says only "Failed to fetch": say what it means to the person reading it.
    throw new ApiError(0, 'NETWORK', UNREACHABLE)
  }
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    throw new ApiError(res.status, 'UNKNOWN', `the server answered ${res.status} with something other than JSON; try again in a moment`)
  }
  if (!res.ok) {
    if (res.status === 401 && csrfToken !== undefined) for (const listener of sessionLostListeners) listener()
    const parsed = ErrorBody.safeParse(json)
    throw parsed.success
      ? new ApiError(res.status, parsed.data.error.code, parsed.data.error.message)
      : new ApiError(res.status, 'UNKNOWN', `the server answered ${res.status}`)
  }
  return schema.parse(json)
}
