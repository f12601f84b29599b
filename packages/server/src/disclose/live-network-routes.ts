import { ConfirmLiveNetworkInput, LiveFeedName, LiveNetwork, LiveNetworkList } from '@vigil/contracts'
import { type Clock, confirmLiveNetwork, type LiveNetworkDeps, listLiveNetworks } from '@vigil/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { userOf } from '../detect/detect-routes.js'

const FeedParams = z.object({ feed: LiveFeedName })
const tags = ['disclose']

/**
 * `/api/v1/live/feeds/:feed/networks`: live networks confirmed from their alerts, each a
 * snapshot under an id of its own that a disclosure's source names (`{ kind: 'live', feed, networks }`).
 */
export function liveNetworkRoutes(deps: LiveNetworkDeps, clock: Clock): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/live/feeds/:feed/networks',
      {
        config: { permission: 'disclose:read' },
        schema: { tags, summary: "A feed's confirmed networks, newest first", params: FeedParams, response: { 200: LiveNetworkList } },
      },
      async (request) => ({ networks: await listLiveNetworks(deps, userOf(request), request.params.feed) }),
    )
    app.post(
      '/api/v1/live/feeds/:feed/networks',
      {
        config: { permission: 'detect:triage' },
        schema: {
          tags,
          summary:
            "Confirm the network an alert raised, as the feed's detection has it now: a snapshot of its members, evidence and posts, to disclose (audited)",
          params: FeedParams,
          body: ConfirmLiveNetworkInput,
          response: { 201: LiveNetwork },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await confirmLiveNetwork(deps, userOf(request), request.params.feed, request.body, clock.now())),
    )
  }
}
