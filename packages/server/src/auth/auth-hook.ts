import cookie from '@fastify/cookie'
import { type Actor, authenticateApiToken, authenticateSession, can, type IdentityDeps, isVigilError, VigilError } from '@vigil/core'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type Credential, readCredential, sessionCookieName } from './credentials.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: resolved once per request by the auth hook; null on public routes without credentials. */
    actor: Actor | null
  }
}

export interface AuthHookOptions {
  readonly identity: IdentityDeps
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
    await app.register(cookie, { secret: options.sessionSecret })
    const cookieName = sessionCookieName(options.secureCookies)
    const resolve = (credential: Credential, request: FastifyRequest): Promise<Actor> => {
      if (credential.kind === 'session') return authenticateSession(options.identity, credential.secret)
      return authenticateApiToken(options.identity, credential.token, {
        via: credential.kind === 'bearer' ? 'token' : 'basic',
        requestId: request.id,
        ...(credential.kind === 'basic' ? { email: credential.email } : {}),
      })
    }

    app.decorateRequest('actor', null)
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
      if (permission !== 'authenticated' && !can(actor, permission)) {
        await options.auditDenied(actor, permission, request)
        throw new VigilError('AUTH_FORBIDDEN', `this account may not ${permission}`, { permission })
      }
    })
  },
  { name: 'vigil-auth' },
)

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
