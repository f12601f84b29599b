import { type Actor, type AuthDeps, authenticateApiToken, authenticateSession, can, isVigilError, VigilError } from '@vigil/core'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type Credential, readCredential, sessionCookieName } from './credentials.js'
import { CSRF_HEADER, isCsrfTokenValid } from './csrf.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: resolved once per request by the auth hook; null on public routes without credentials. */
    actor: Actor | null
    /** For a cookie session: what it still waits for (TOTP enrolment), else null. */
    sessionPending: 'totp-enrolment' | null
  }
  interface FastifyContextConfig {
    /** The route serves sessions that still wait for TOTP enrolment (the enrolment routes themselves). */
    allowPendingSecondFactor?: boolean
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface AuthHookOptions {
  readonly identity: AuthDeps
  readonly sessionSecret: string
  /** Whether cookies are marked Secure (the public URL is https). */
  readonly secureCookies: boolean
  /** Records a denied access in the audit log. */
  readonly auditDenied: (actor: Actor, permission: string, request: FastifyRequest) => Promise<void>
}

/**
 * The one place that decides who may call a route. It resolves `request.actor` from a
 * Bearer token, HTTP Basic (e-mail + API token) or the session cookie, then enforces the
 * route's `config.permission` with `can()`. It runs on `onRequest`, before the body is
 * parsed, so an unauthenticated caller never gets its body read or validated.
 */
export const authHook = fp<AuthHookOptions>(
  async (app: FastifyInstance, options) => {
    const cookieName = sessionCookieName(options.secureCookies)
    const resolve = async (credential: Credential, request: FastifyRequest): Promise<Actor> => {
      if (credential.kind === 'session') {
        const allowPending = request.routeOptions.config?.allowPendingSecondFactor === true
        const { actor, pending } = await authenticateSession(options.identity, credential.secret, { allowPending })
        request.sessionPending = pending
        return actor
      }
      return authenticateApiToken(options.identity, credential.token, {
        via: credential.kind === 'bearer' ? 'token' : 'basic',
        requestId: request.id,
        ...(credential.kind === 'basic' ? { email: credential.email } : {}),
      })
    }

    app.decorateRequest('actor', null)
    app.decorateRequest('sessionPending', null)
    app.addHook('onRequest', async (request) => {
      // Undeclared only for the OpenAPI pages and the not-found handler: both public.
      const permission = request.routeOptions.config?.permission ?? 'public'
      if (permission === 'public') {
        // A stale cookie or token must not keep anyone from public pages (or from signing in again).
        const credential = safely(() => readCredential(request, cookieName))
        if (credential) request.actor = await resolve(credential, request).catch(() => null)
        return
      }
      const credential = readCredential(request, cookieName)
      if (!credential) throw new VigilError('AUTH_UNAUTHENTICATED', 'sign in or send an API token')
      const actor = await resolve(credential, request)
      request.actor = actor
      // A browser sends the cookie whoever made it send the request; only our pages know the token.
      if (credential.kind === 'session' && !SAFE_METHODS.has(request.method)) {
        if (!isCsrfTokenValid(headerValue(request.headers[CSRF_HEADER]), credential.secret, options.sessionSecret)) {
          throw new VigilError('AUTH_CSRF_FAILED', `missing or wrong ${CSRF_HEADER} header`)
        }
      }
      if (permission !== 'authenticated' && !can(actor, permission)) {
        await options.auditDenied(actor, permission, request)
        throw new VigilError('AUTH_FORBIDDEN', `this account may not ${permission}`, { permission })
      }
    })
  },
  { name: 'vigil-auth' },
)

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function safely<T>(fn: () => T): T | null {
  try {
    return fn()
  } catch (err) {
    if (isVigilError(err)) return null
    throw err
  }
}

/**
 * The actor of an authenticated route. Routes that declare a permission other than
 * `public` always have one; this narrows the type.
 */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new VigilError('AUTH_UNAUTHENTICATED', 'sign in or send an API token')
  return request.actor
}
