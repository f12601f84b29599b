import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { installTaxiiNegotiation } from './taxii-negotiation.js'

/**
 * A TAXII 2.1 surface: `routes` registered inside an encapsulated instance that
 * negotiates the TAXII media type. The server's TAXII routes use it, and so do tests
 * that need a TAXII responder.
 */
export function taxiiApi(options: { readonly maxContentLength: number }, routes: FastifyPluginAsyncZod): FastifyPluginAsyncZod {
  return async (app) => {
    installTaxiiNegotiation(app, options)
    await app.register(routes)
  }
}
