import { LiveFeedName, LiveIngestResult } from '@vigil/contracts'
import { readIngestLines } from '@vigil/core'
import type { LiveFeedStore } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { userOf } from '../detect/detect-routes.js'
import type { LiveNats } from './live-nats.js'

export interface LiveIngestOptions {
  readonly store: LiveFeedStore
  readonly nats: LiveNats
  /** Largest body in bytes; larger ones are refused with 413. */
  readonly bodyLimit: number
  /** Ingest requests per minute one credential may make. */
  readonly perMinute: number
}

const NDJSON = ['application/x-ndjson', 'application/jsonl', 'application/ndjson']

/**
 * `POST /api/v1/live/feeds/:feed/posts`: NDJSON posts (the generic fields of `--map`)
 * into the feed's JetStream stream, de-duplicated by post ids. Bad lines are reported by
 * number; the good ones are stored.
 */
export function liveIngestRoutes(o: LiveIngestOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(NDJSON, { parseAs: 'string', bodyLimit: o.bodyLimit }, (_request, body, done) => done(null, body))
    app.post(
      '/api/v1/live/feeds/:feed/posts',
      {
        bodyLimit: o.bodyLimit,
        config: { permission: 'live:ingest', rateLimit: { max: o.perMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['live'],
          summary: "Send posts to a live feed's stream: NDJSON, one post a line with the generic fields of `--map`",
          params: z.object({ feed: LiveFeedName }),
          consumes: NDJSON,
          body: z.string(),
          response: { 200: LiveIngestResult },
        },
      },
      async (request) => {
        const actor = userOf(request)
        const feed = await o.store.get(actor.orgId, request.params.feed)
        const { posts, bad } = readIngestLines(request.body)
        const stream = await o.nats.postStream(actor.orgId, feed)
        const { stored, duplicates } = posts.length > 0 ? await stream.publish(posts) : { stored: 0, duplicates: 0 }
        return { received: posts.length + bad.length, stored, duplicates, bad }
      },
    )
  }
}
