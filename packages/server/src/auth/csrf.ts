import { createHmac, timingSafeEqual } from 'node:crypto'

/** The header a cookie-authenticated write must carry. */
export const CSRF_HEADER = 'x-csrf-token'

/**
 * The CSRF token of a session: an HMAC of its cookie value under the instance secret. A page
 * of another origin can make the browser send the cookie, but cannot read this token.
 */
export function csrfTokenFor(sessionSecret: string, instanceSecret: string): string {
  return createHmac('sha256', instanceSecret).update(`csrf:${sessionSecret}`).digest('base64url')
}

/** Whether `given` is the CSRF token of the session, compared in constant time. */
export function isCsrfTokenValid(given: string | undefined, sessionSecret: string, instanceSecret: string): boolean {
  if (!given) return false
  const expected = Buffer.from(csrfTokenFor(sessionSecret, instanceSecret))
  const actual = Buffer.from(given)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
