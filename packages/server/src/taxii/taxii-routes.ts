import { ApiRoot, Discovery, TAXII_MEDIA_TYPE, TaxiiStatus } from '@vigil/contracts'
import { type Clock, type Config, canReadTaxiiStatus, type TaxiiStatusStore, type TaxiiStore, VigilError } from '@vigil/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'
import { taxiiApi } from './taxii-api.js'
import { taxiiCollectionRoutes } from './taxii-collection-routes.js'

/** The one API root Vigil serves today, at `/taxii2/vigil/`. */
export const TAXII_API_ROOT = 'vigil'

export interface TaxiiDeps {
  readonly config: Config
  readonly statuses: TaxiiStatusStore
  /** The exchange store, through which every collection and object is read and written. */
  readonly store: TaxiiStore
  readonly clock: Clock
}

/** The URL of the API root, absolute from `VIGIL_PUBLIC_URL` (TAXII 2.1 §4.1.1 asks for URLs). */
export function apiRootUrl(config: Config): string {
  return `${config.publicUrl}/taxii2/${TAXII_API_ROOT}/`
}

/** `/taxii2/`: discovery, the API root's information, and (through the exchange store) its collections. */
export function taxiiRoutes(deps: TaxiiDeps): FastifyPluginAsyncZod {
  const root = `/taxii2/${TAXII_API_ROOT}/`
  return taxiiApi({ maxContentLength: deps.config.bodyLimit }, async (app) => {
    app.get(
      '/taxii2/',
      { config: { permission: 'authenticated' }, schema: { tags: ['taxii'], response: { 200: Discovery } } },
      async () => ({
        title: 'Vigil TAXII 2.1',
        description: 'Election-integrity threat exchange: STIX 2.1 under TLP 2.0.',
        default: apiRootUrl(deps.config),
        api_roots: [apiRootUrl(deps.config)],
      }),
    )
    app.get(root, { config: { permission: 'authenticated' }, schema: { tags: ['taxii'], response: { 200: ApiRoot } } }, async () => ({
      title: 'Vigil',
      description: 'The collections of this Vigil instance.',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: deps.config.bodyLimit,
    }))
    app.get(
      `${root}status/:statusId/`,
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['taxii'], params: z.object({ statusId: z.string().max(64) }), response: { 200: TaxiiStatus } },
      },
      async (request) => {
        const found = await deps.statuses.find(request.params.statusId)
        // Another organisation's status answers exactly like one that does not exist.
        if (!found || !canReadTaxiiStatus(actorOf(request), found.owner)) throw new VigilError('NOT_FOUND', 'no such status resource')
        return found.status
      },
    )
    await app.register(taxiiCollectionRoutes(root, { store: deps.store, statuses: deps.statuses, clock: deps.clock }))
  })
}
