import { SessionInfo } from '@vigil/contracts'
import { type IdentityDeps, VigilError } from '@vigil/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { actorOf } from '../auth/auth-hook.js'

/** `/api/v1/session`: who the caller is, whether by cookie, Bearer token or Basic. */
export function sessionRoutes(identity: IdentityDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/session',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['auth'], summary: 'The calling user, its organisation and roles', response: { 200: SessionInfo } },
      },
      async (request) => {
        const actor = actorOf(request)
        if (actor.kind !== 'user') throw new VigilError('AUTH_UNAUTHENTICATED', 'no user is signed in')
        const user = await identity.store.findUser(actor.userId)
        const org = await identity.store.findOrg(actor.orgId)
        if (!user || !org) throw new VigilError('AUTH_UNAUTHENTICATED', 'this account no longer exists')
        return { user, org, roles: user.roles, via: actor.via }
      },
    )
  }
}
