import { OneTimeLink, PasswordChangeRequest, RedeemLinkRequest, UserId } from '@vigil/contracts'
import { changePassword, issueOneTimeLink, redeemOneTimeLink, type SignInDeps } from '@vigil/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from './auth-hook.js'

/** Invitations and password resets by one-time link, and changing one's own password. */
export function linkRoutes(deps: { readonly identity: SignInDeps; readonly publicUrl: string }): FastifyPluginAsyncZod {
  // The token travels in the fragment, which browsers never send to servers or in referrers.
  const linkFor = (token: string) => `${deps.publicUrl}/account/set-password#token=${token}`
  return async (app) => {
    const tags = ['identity']
    for (const [path, purpose] of [
      ['invitation', 'invitation'],
      ['password-reset', 'password-reset'],
    ] as const) {
      app.post(
        `/api/v1/users/:id/${path}`,
        {
          config: { permission: 'org:manage' },
          schema: {
            tags,
            summary: `Issue a one-time ${purpose} link for a user`,
            params: z.object({ id: UserId }),
            response: { 201: OneTimeLink },
          },
        },
        async (request, reply) => {
          const { token, expiresAt } = await issueOneTimeLink(deps.identity, actorOf(request), request.params.id, purpose)
          return reply.status(201).send({ url: linkFor(token), expiresAt: expiresAt.toISOString() })
        },
      )
    }
    app.post(
      '/api/v1/one-time-links/redeem',
      {
        config: { permission: 'public', rateLimit: { max: 20, timeWindow: 60_000 } },
        schema: { tags, summary: 'Set a password with an invitation or reset link', body: RedeemLinkRequest, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await redeemOneTimeLink(deps.identity, request.body.token, request.body.password)
        return reply.status(204).send(null)
      },
    )
    app.post(
      '/api/v1/session/password',
      {
        config: { permission: 'authenticated', allowPendingSecondFactor: true },
        schema: { tags, summary: 'Change your password; every session ends', body: PasswordChangeRequest, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await changePassword(deps.identity, actorOf(request), request.body.current, request.body.password)
        return reply.status(204).send(null)
      },
    )
  }
}
