import { SESSION_COOKIE } from '@vigil/contracts'
import { VigilError } from '@vigil/core'
import type { FastifyRequest } from 'fastify'

/** The session cookie's name; `__Host-` binds it to this origin over HTTPS only. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SESSION_COOKIE.secure : SESSION_COOKIE.plain
}

/** What a request presented to prove who sent it. */
export type Credential =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly email: string; readonly token: string }
  | { readonly kind: 'session'; readonly secret: string }

const MAX_CREDENTIAL_LENGTH = 1024

/**
 * Reads the credential of a request: `Authorization: Bearer <token>`, `Authorization: Basic`
 * with e-mail and API token (TAXII clients), or else the session cookie. A malformed
 * `Authorization` header is refused rather than ignored.
 */
export function readCredential(request: FastifyRequest, cookieName: string): Credential | null {
  const header = request.headers.authorization
  if (header !== undefined) {
    if (header.length > MAX_CREDENTIAL_LENGTH) throw malformed()
    const [scheme, value, ...rest] = header.trim().split(/\s+/)
    if (!value || rest.length > 0) throw malformed()
    if (scheme?.toLowerCase() === 'bearer') return { kind: 'bearer', token: value }
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon <= 0 || colon === decoded.length - 1) throw malformed()
      return { kind: 'basic', email: decoded.slice(0, colon), token: decoded.slice(colon + 1) }
    }
    throw malformed()
  }
  const cookie = request.cookies?.[cookieName]
  if (cookie && cookie.length <= MAX_CREDENTIAL_LENGTH) return { kind: 'session', secret: cookie }
  return null
}

function malformed(): VigilError {
  return new VigilError('AUTH_UNAUTHENTICATED', 'unsupported or malformed Authorization header (use Bearer or Basic)')
}
