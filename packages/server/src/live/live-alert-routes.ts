import { LiveAlertList, LiveAlertRules, LiveFeedName, LiveFeedStatus } from '@vigil/contracts'
import type { Clock } from '@vigil/core'
import { type LiveAlertStore, type LiveFeedStore, readLiveFeedStatus, type VigilDatabase } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { userOf } from '../detect/detect-routes.js'
import type { LiveNats } from './live-nats.js'

export interface LiveAlertRoutesOptions {
  readonly feeds: LiveFeedStore
  readonly alerts: LiveAlertStore
  readonly clock: Clock
  /** How often an event stream looks for new alerts, in ms (the worker may run in another process). */
  readonly pollMs?: number
}

const FeedParams = z.object({ feed: LiveFeedName })
const tags = ['live']

/** A feed's alerts: thresholds, the list, and a Server-Sent Events stream of new ones. */
export function liveAlertRoutes(o: LiveAlertRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    // Open event streams, ended when the server closes.
    const streams = new Set<() => void>()
    app.addHook('onClose', async () => {
      for (const end of streams) end()
    })
    app.get(
      '/api/v1/live/feeds/:feed/alerts',
      {
        config: { permission: 'live:read' },
        schema: {
          tags,
          summary: "A live feed's alerts, newest first",
          params: FeedParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
          response: { 200: LiveAlertList },
        },
      },
      async (request) => {
        const { orgId } = userOf(request)
        await o.feeds.get(orgId, request.params.feed)
        return { alerts: await o.alerts.list({ orgId, name: request.params.feed }, { limit: request.query.limit }) }
      },
    )
    app.get(
      '/api/v1/live/feeds/:feed/alert-rules',
      {
        config: { permission: 'live:read' },
        schema: { tags, summary: "A live feed's alert thresholds", params: FeedParams, response: { 200: LiveAlertRules } },
      },
      async (request) => {
        const { orgId } = userOf(request)
        await o.feeds.get(orgId, request.params.feed)
        return o.alerts.rules({ orgId, name: request.params.feed })
      },
    )
    app.put(
      '/api/v1/live/feeds/:feed/alert-rules',
      {
        config: { permission: 'live:manage' },
        schema: {
          tags,
          summary: "Set a live feed's alert thresholds (audited)",
          params: FeedParams,
          body: LiveAlertRules,
          response: { 200: LiveAlertRules },
        },
      },
      async (request) => o.alerts.setRules(userOf(request), request.params.feed, request.body, o.clock.now()),
    )
    app.get(
      '/api/v1/live/feeds/:feed/events',
      {
        config: { permission: 'live:read' },
        schema: {
          tags,
          summary:
            "A live feed's new alerts as Server-Sent Events (`event: alert`, `id`, `data`: a LiveAlert); resumes after Last-Event-ID",
          params: FeedParams,
          headers: z.object({ 'last-event-id': z.coerce.number().int().nonnegative().optional() }),
        },
      },
      async (request, reply) => {
        const { orgId } = userOf(request)
        const feed = { orgId, name: request.params.feed }
        await o.feeds.get(orgId, feed.name)
        // Without Last-Event-ID the stream starts after the newest alert: the page lists the older ones.
        let after = request.headers['last-event-id'] ?? (await o.alerts.list(feed, { limit: 1 }))[0]?.id ?? 0
        reply.hijack()
        const res = reply.raw
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-request-id': request.id,
        })
        res.write(': vigil live alerts\n\n')
        let closed = false
        let beats = 0
        const tick = async () => {
          if (closed) return
          try {
            for (const alert of await o.alerts.list(feed, { after, limit: 100 })) {
              res.write(`id: ${alert.id}\nevent: alert\ndata: ${JSON.stringify(alert)}\n\n`)
              after = alert.id
            }
            if (++beats % 15 === 0) res.write(': keep-alive\n\n')
          } catch (err) {
            request.log.warn({ err }, 'live alert stream poll failed')
          }
          if (!closed) timer = setTimeout(tick, o.pollMs ?? 1000)
        }
        let timer = setTimeout(tick, 0)
        const stop = () => {
          closed = true
          clearTimeout(timer)
          streams.delete(end)
        }
        const end = () => {
          stop()
          res.end()
        }
        streams.add(end)
        request.raw.on('close', stop)
      },
    )
  }
}

/** `GET /api/v1/live/feeds/:feed/status`: the stream, the consumers' lag, the workers, each partition's owner and commit, the message rate and the alerts. */
export function liveStatusRoutes(o: { readonly db: VigilDatabase['db']; readonly nats: LiveNats }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/live/feeds/:feed/status',
      {
        config: { permission: 'live:read' },
        schema: {
          tags,
          summary:
            "A live feed's stream, its consumers' lag (none: no worker yet), live workers, partitions' owners and commits, message rate and alerts",
          params: FeedParams,
          querystring: z.object({ sample: z.coerce.number().int().min(0).max(5000).default(0) }),
          response: { 200: LiveFeedStatus },
        },
      },
      async (request) => {
        const { orgId } = userOf(request)
        return readLiveFeedStatus({ db: o.db, nc: await o.nats.connection() }, orgId, request.params.feed, {
          sampleMs: request.query.sample,
        })
      },
    )
  }
}
