import { createHash } from 'node:crypto'
import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit'
import { SESSION_COOKIE } from '@vigil/contracts'
import type { Clock } from '@vigil/core'
import { hitRateLimit, pruneRateLimits, type VigilDatabase } from '@vigil/storage'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** Requests per minute one token (or session, or address without credentials) may make. */
export interface RateLimitOptions {
  readonly database: VigilDatabase
  readonly clock: Clock
  readonly perMinute: number
}

// Prune expired counters about once per this many hits, so the table stays small without a job.
const PRUNE_EVERY = 1000

/**
 * `@fastify/rate-limit` with its counters in PostgreSQL, shared by every server process. The
 * key is the credential (a hash of the token or session cookie) when there is one, else the
 * client address; sign-in adds a stricter per-address limit of its own.
 */
export async function registerRateLimit(app: FastifyInstance, o: RateLimitOptions): Promise<void> {
  let hits = 0
  const store: FastifyRateLimitStore = {
    incr(key, callback, timeWindow) {
      const now = o.clock.now()
      hitRateLimit(o.database.db, key, timeWindow, now)
        .then((count) => {
          if (++hits % PRUNE_EVERY === 0) void pruneRateLimits(o.database.db, now).catch(() => {})
          callback(null, count)
        })
        .catch((err: Error) => callback(err))
    },
    child: (routeOptions) => ({
      incr: (key, callback, timeWindow, max) => store.incr(`${routeOptions.method}:${routeOptions.url}:${key}`, callback, timeWindow, max),
      child: store.child,
    }),
  }
  await app.register(rateLimit, {
    global: true,
    max: o.perMinute,
    timeWindow: 60_000,
    store: function PgStore() {
      return store
    } as never,
    keyGenerator: (request: FastifyRequest) => {
      const credential =
        request.headers.authorization ?? request.cookies?.[SESSION_COOKIE.plain] ?? request.cookies?.[SESSION_COOKIE.secure]
      return credential ? `cred:${createHash('sha256').update(credential).digest('hex').slice(0, 32)}` : `ip:${request.ip}`
    },
    // Probes and the OpenAPI pages are not the API.
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
  })
}
