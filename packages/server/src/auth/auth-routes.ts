import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { adminRoutes } from './admin-routes.js'
import { linkRoutes } from './link-routes.js'
import { type SessionRoutesDeps, sessionRoutes } from './session-routes.js'

/** The identity context's routes: the session, and administration of organisations, users and tokens. */
export function authRoutes(deps: SessionRoutesDeps & { readonly publicUrl: string }): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(sessionRoutes(deps))
    await app.register(adminRoutes(deps.identity))
    await app.register(linkRoutes(deps))
  }
}
