import { LiveFeed, LiveFeedInput, LiveFeedList, LiveFeedName } from '@vigil/contracts'
import type { Clock } from '@vigil/core'
import type { LiveFeedStore } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { userOf } from '../detect/detect-routes.js'

const FeedParams = z.object({ feed: LiveFeedName })
const tags = ['live']

/** The organisation's live-detection feeds: list, create and delete (both audited). */
export function liveFeedRoutes(store: LiveFeedStore, clock: Clock): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/live/feeds',
      { config: { permission: 'live:read' }, schema: { tags, summary: "The organisation's live feeds", response: { 200: LiveFeedList } } },
      async (request) => ({ feeds: await store.list(userOf(request).orgId) }),
    )
    app.get(
      '/api/v1/live/feeds/:feed',
      {
        config: { permission: 'live:read' },
        schema: { tags, summary: 'One live feed', params: FeedParams, response: { 200: LiveFeed } },
      },
      async (request) => store.get(userOf(request).orgId, request.params.feed),
    )
    app.post(
      '/api/v1/live/feeds',
      {
        config: { permission: 'live:manage' },
        schema: {
          tags,
          summary: "Create a live feed with `vigil detect`'s parameters (audited)",
          body: LiveFeedInput,
          response: { 201: LiveFeed },
        },
      },
      async (request, reply) => reply.code(201).send(await store.create(userOf(request), request.body, clock.now())),
    )
    app.delete(
      '/api/v1/live/feeds/:feed',
      {
        config: { permission: 'live:manage' },
        schema: { tags, summary: 'Delete a live feed (audited)', params: FeedParams, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await store.remove(userOf(request), request.params.feed, clock.now())
        return reply.code(204).send(null)
      },
    )
  }
}
