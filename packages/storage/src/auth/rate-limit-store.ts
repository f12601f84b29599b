import { type Kysely, sql } from 'kysely'
import type { Database } from '../postgres/database-schema.js'

/** A rate-limit counter after one hit: hits in the current window, and ms until it resets. */
export interface RateLimitCount {
  readonly current: number
  readonly ttl: number
}

/**
 * Counts one hit on `key` in a fixed window of `windowMs`, atomically in PostgreSQL, so that
 * every server process sharing the database shares the limit.
 *
 * @example
 * const { current, ttl } = await hitRateLimit(db, 'ip:203.0.113.9', 60_000, new Date())
 */
export async function hitRateLimit(db: Kysely<Database>, key: string, windowMs: number, now: Date): Promise<RateLimitCount> {
  const resetAt = new Date(now.getTime() + windowMs)
  const row = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, reset_at: resetAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql`case when rate_limits.reset_at <= ${now} then 1 else rate_limits.hits + 1 end`,
        reset_at: sql`case when rate_limits.reset_at <= ${now} then ${resetAt}::timestamptz else rate_limits.reset_at end`,
      }),
    )
    .returning(['hits', 'reset_at'])
    .executeTakeFirstOrThrow()
  return { current: row.hits, ttl: Math.max(0, new Date(row.reset_at).getTime() - now.getTime()) }
}

/** Drops counters whose window has passed. */
export async function pruneRateLimits(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('reset_at', '<=', now).execute()
}
