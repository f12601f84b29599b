import {
  LiveDeliveryList,
  LiveFeedName,
  LiveStixPublication,
  LiveStixPublicationSetting,
  LiveWebhookCreated,
  LiveWebhookInput,
  LiveWebhookList,
} from '@vigil/contracts'
import type { Actor, Clock } from '@vigil/core'
import type { LiveWebhookStore } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { userOf } from '../detect/detect-routes.js'

export interface LiveWebhookRoutesOptions {
  readonly store: LiveWebhookStore
  /** The exchange's check that an actor may write a collection (its id and title, or it throws). */
  readonly requireWritable: (actor: Actor, collection: string) => Promise<{ id: string }>
  readonly clock: Clock
}

const FeedParams = z.object({ feed: LiveFeedName })
const tags = ['live']
// A webhook or a publication setting is a few hundred bytes.
const bodyLimit = 16 * 1024

/** Where a feed's alerts go: its webhooks (signed, retried) and its STIX publication into the exchange. */
export function liveWebhookRoutes(o: LiveWebhookRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/live/feeds/:feed/webhooks',
      {
        config: { permission: 'live:read' },
        schema: { tags, summary: "A live feed's webhooks (without their secrets)", params: FeedParams, response: { 200: LiveWebhookList } },
      },
      async (request) => ({ webhooks: await o.store.list(userOf(request).orgId, request.params.feed) }),
    )
    app.get(
      '/api/v1/live/feeds/:feed/deliveries',
      {
        config: { permission: 'live:read' },
        schema: {
          tags,
          summary: "A live feed's latest delivery attempts to its webhooks, newest first",
          params: FeedParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: LiveDeliveryList },
        },
      },
      async (request) => ({ attempts: await o.store.deliveries(userOf(request).orgId, request.params.feed, request.query.limit) }),
    )
    app.post(
      '/api/v1/live/feeds/:feed/webhooks',
      {
        bodyLimit,
        config: { permission: 'live:manage' },
        schema: {
          tags,
          summary: "Register a webhook for the feed's alerts (audited); the answer shows its signing secret, this once",
          params: FeedParams,
          body: LiveWebhookInput,
          response: { 201: LiveWebhookCreated },
        },
      },
      async (request, reply) => reply.code(201).send(await o.store.add(userOf(request), request.params.feed, request.body, o.clock.now())),
    )
    app.delete(
      '/api/v1/live/feeds/:feed/webhooks/:id',
      {
        config: { permission: 'live:manage' },
        schema: {
          tags,
          summary: 'Delete a webhook (audited)',
          params: FeedParams.extend({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await o.store.remove(userOf(request), request.params.feed, request.params.id, o.clock.now())
        return reply.code(204).send(null)
      },
    )
    app.get(
      '/api/v1/live/feeds/:feed/stix-publication',
      {
        config: { permission: 'live:read' },
        schema: {
          tags,
          summary: "Where the feed publishes each alert's network as STIX, and at which TLP",
          params: FeedParams,
          response: { 200: LiveStixPublicationSetting },
        },
      },
      async (request) => o.store.stixPublication(userOf(request).orgId, request.params.feed),
    )
    app.put(
      '/api/v1/live/feeds/:feed/stix-publication',
      {
        bodyLimit,
        config: { permission: 'live:manage' },
        schema: {
          tags,
          summary: "Publish each alert's network into a collection at a TLP, as you (null: stop); audited",
          params: FeedParams,
          body: z.object({ publication: LiveStixPublication.nullable() }),
          response: { 200: LiveStixPublicationSetting },
        },
      },
      async (request) =>
        o.store.setStixPublication(userOf(request), request.params.feed, request.body.publication, o.requireWritable, o.clock.now()),
    )
  }
}
