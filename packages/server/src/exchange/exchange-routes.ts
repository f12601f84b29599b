import type { Clock } from '@vigil/core'
import type { ExchangeStore } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { collectionRoutes } from './collection-routes.js'
import { objectRoutes } from './object-routes.js'

/** The threat exchange's REST API: objects, collections, sharing groups, import and export. */
export function exchangeRoutes(store: ExchangeStore, clock: Clock): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(objectRoutes(store))
    await app.register(collectionRoutes(store, () => clock.now()))
  }
}
