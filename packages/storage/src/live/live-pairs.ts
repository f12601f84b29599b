import { createHash } from 'node:crypto'
import { DetectSignal, type OrgId } from '@vigil/contracts'
import type { LivePair } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../postgres/database-schema.js'

/** A pair's idempotency key: SHA-256 of (signal, object, account and post a, account and post b). */
export function pairKey(p: LivePair): string {
  return createHash('sha256')
    .update(`${p.signal}\u0000${p.object}\u0000${p.accountA}\u0000${p.postA}\u0000${p.accountB}\u0000${p.postB}`)
    .digest('hex')
}

/** Rows one INSERT carries: parameters are arrays, so the statement stays one round trip. */
const CHUNK = 5_000

/** Stores pairs once each (`ON CONFLICT DO NOTHING` on their key); returns how many were new. */
export async function insertLivePairs(db: Kysely<Database>, orgId: OrgId, feed: string, pairs: readonly LivePair[]): Promise<number> {
  let added = 0
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK)
    const col = <T>(f: (p: LivePair) => T) => chunk.map(f)
    const result =
      await sql`INSERT INTO live_pairs (org_id, feed, pair_key, signal, object, account_a, post_a, time_a, account_b, post_b, time_b)
      SELECT ${orgId}::uuid, ${feed}, decode(k, 'hex'), s, o, aa, pa, ta, ab, pb, tb
      FROM unnest(${col(pairKey)}::text[], ${col((p) => DetectSignal.options.indexOf(p.signal))}::smallint[], ${col((p) => p.object)}::text[],
        ${col((p) => p.accountA)}::text[], ${col((p) => p.postA)}::text[], ${col((p) => String(p.timeA))}::bigint[],
        ${col((p) => p.accountB)}::text[], ${col((p) => p.postB)}::text[], ${col((p) => String(p.timeB))}::bigint[])
        AS u(k, s, o, aa, pa, ta, ab, pb, tb)
      ON CONFLICT DO NOTHING`.execute(db)
    added += Number(result.numAffectedRows ?? 0n)
  }
  return added
}

/** Stores each (account, post) of the feed once: the accounts' activity. */
export async function insertLivePosts(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  posts: readonly { readonly account: string; readonly post: string }[],
): Promise<void> {
  for (let i = 0; i < posts.length; i += CHUNK) {
    const chunk = posts.slice(i, i + CHUNK)
    await sql`INSERT INTO live_posts (org_id, feed, account, post)
      SELECT ${orgId}::uuid, ${feed}, a, p FROM unnest(${chunk.map((p) => p.account)}::text[], ${chunk.map((p) => p.post)}::text[]) AS u(a, p)
      ON CONFLICT DO NOTHING`.execute(db)
  }
}

/** Forgets a feed's pairs and posts (when the feed is deleted, or replayed from scratch). */
export async function clearLiveFeedState(db: Kysely<Database>, orgId: OrgId, feed: string): Promise<void> {
  await db.deleteFrom('live_pairs').where('org_id', '=', orgId).where('feed', '=', feed).execute()
  await db.deleteFrom('live_posts').where('org_id', '=', orgId).where('feed', '=', feed).execute()
}
