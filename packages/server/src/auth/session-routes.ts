import { RecoveryCodes, SessionInfo, SignInRequest, TotpConfirmRequest, TotpEnrolment } from '@vigil/contracts'
import {
  type Actor,
  beginTotpEnrolment,
  can,
  confirmTotpEnrolment,
  PERMISSIONS,
  type SignInDeps,
  signIn,
  signOut,
  VigilError,
} from '@vigil/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from './auth-hook.js'
import { sessionCookieName } from './credentials.js'
import { csrfTokenFor } from './csrf.js'

export interface SessionRoutesDeps {
  readonly identity: SignInDeps
  readonly sessionSecret: string
  readonly secureCookies: boolean
  /** Sign-in attempts per minute per address. */
  readonly signInPerMinute: number
}

/** `/api/v1/session`: who is calling (GET), sign in (POST), sign out (DELETE), and TOTP enrolment. */
export function sessionRoutes(deps: SessionRoutesDeps): FastifyPluginAsyncZod {
  const cookieName = sessionCookieName(deps.secureCookies)
  const describe = async (actor: Actor, session?: { secret: string; pending: 'totp-enrolment' | null }): Promise<SessionInfo> => {
    if (actor.kind !== 'user') throw new VigilError('AUTH_UNAUTHENTICATED', 'no user is signed in')
    const user = await deps.identity.store.findUser(actor.userId)
    const org = await deps.identity.store.findOrg(actor.orgId)
    if (!user || !org) throw new VigilError('AUTH_UNAUTHENTICATED', 'this account no longer exists')
    return {
      user,
      org,
      roles: user.roles,
      permissions: PERMISSIONS.filter((p) => can(actor, p)),
      via: actor.via,
      ...(session ? { csrfToken: csrfTokenFor(session.secret, deps.sessionSecret), pending: session.pending } : {}),
    }
  }
  const cookieOf = (request: FastifyRequest): string | undefined =>
    request.actor?.kind === 'user' && request.actor.via === 'session' ? request.cookies[cookieName] : undefined

  return async (app) => {
    app.get(
      '/api/v1/session',
      {
        config: { permission: 'authenticated', allowPendingSecondFactor: true },
        schema: { tags: ['auth'], summary: 'The calling user, its organisation and roles', response: { 200: SessionInfo } },
      },
      async (request) => {
        const secret = cookieOf(request)
        return describe(actorOf(request), secret ? { secret, pending: request.sessionPending } : undefined)
      },
    )

    app.post(
      '/api/v1/session',
      {
        config: {
          permission: 'public',
          rateLimit: { max: deps.signInPerMinute, timeWindow: 60_000, keyGenerator: (request) => `sign-in:${request.ip}` },
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail, password and second factor; sets the session cookie',
          body: SignInRequest,
          response: { 200: SessionInfo },
        },
      },
      async (request, reply) => {
        const signedIn = await signIn(deps.identity, {
          ...request.body,
          ip: request.ip,
          requestId: request.id,
          ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
        })
        reply.setCookie(cookieName, signedIn.sessionSecret, {
          httpOnly: true,
          secure: deps.secureCookies,
          sameSite: 'strict',
          path: '/',
          expires: signedIn.expiresAt,
        })
        return describe(signedIn.actor, { secret: signedIn.sessionSecret, pending: signedIn.pending })
      },
    )

    app.delete(
      '/api/v1/session',
      {
        config: { permission: 'authenticated', allowPendingSecondFactor: true },
        schema: { tags: ['auth'], summary: 'Sign out: the session cookie stops working at once', response: { 204: z.null() } },
      },
      async (request, reply: FastifyReply) => {
        const secret = cookieOf(request)
        if (secret) await signOut(deps.identity, actorOf(request), secret, request.id)
        reply.clearCookie(cookieName, { path: '/' })
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/api/v1/session/totp',
      {
        config: { permission: 'authenticated', allowPendingSecondFactor: true },
        schema: { tags: ['auth'], summary: 'Start TOTP enrolment: a secret for the authenticator app', response: { 200: TotpEnrolment } },
      },
      async (request) => beginTotpEnrolment(deps.identity, actorOf(request)),
    )

    app.post(
      '/api/v1/session/totp/confirm',
      {
        config: { permission: 'authenticated', allowPendingSecondFactor: true },
        schema: {
          tags: ['auth'],
          summary: 'Confirm TOTP with a first code; returns the recovery codes once',
          body: TotpConfirmRequest,
          response: { 200: RecoveryCodes },
        },
      },
      async (request) => {
        const result = await confirmTotpEnrolment(deps.identity, actorOf(request), request.body.code, cookieOf(request))
        return { recoveryCodes: [...result.recoveryCodes] }
      },
    )
  }
}
