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

/**
 * Stores pairs once each (`ON CONFLICT DO NOTHING` on their key); returns how many were new.
 * The account pairs of the new ones are marked touched in the same statement, for the aggregator.
 */
export async function insertLivePairs(db: Kysely<Database>, orgId: OrgId, feed: string, pairs: readonly LivePair[]): Promise<number> {
  let added = 0
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK)
    const col = <T>(f: (p: LivePair) => T) => chunk.map(f)
    const result = await sql<{ n: string }>`WITH ins AS (
      INSERT INTO live_pairs (org_id, feed, pair_key, signal, object, account_a, post_a, time_a, account_b, post_b, time_b)
      SELECT ${orgId}::uuid, ${feed}, decode(k, 'hex'), s, o, aa, pa, ta, ab, pb, tb
      FROM unnest(${col(pairKey)}::text[], ${col((p) => DetectSignal.options.indexOf(p.signal))}::smallint[], ${col((p) => p.object)}::text[],
        ${col((p) => p.accountA)}::text[], ${col((p) => p.postA)}::text[], ${col((p) => String(p.timeA))}::bigint[],
        ${col((p) => p.accountB)}::text[], ${col((p) => p.postB)}::text[], ${col((p) => String(p.timeB))}::bigint[])
        AS u(k, s, o, aa, pa, ta, ab, pb, tb)
      ON CONFLICT DO NOTHING RETURNING account_a, account_b),
    touched AS (INSERT INTO live_touched (org_id, feed, account_a, account_b, posts, first)
      SELECT DISTINCT ${orgId}::uuid, ${feed}, account_a, account_b, 0, false FROM ins)
    SELECT count(*) AS n FROM ins`.execute(db)
    added += Number(result.rows[0]?.n ?? 0)
  }
  return added
}

/**
 * Stores each (account, post) of the feed once: the accounts' activity. Each account with new
 * posts is marked touched in the same statement, with their number and whether they are its
 * first (the statement reads the table as it was before it: its own rows are not seen). The
 * look for an earlier post is one index probe per account (a lateral LIMIT 1): written as
 * NOT EXISTS, a table whose statistics lag behind it was read whole by every statement.
 */
export async function insertLivePosts(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  posts: readonly { readonly account: string; readonly post: string }[],
): Promise<void> {
  for (let i = 0; i < posts.length; i += CHUNK) {
    const chunk = posts.slice(i, i + CHUNK)
    await sql`WITH ins AS (INSERT INTO live_posts (org_id, feed, account, post)
      SELECT ${orgId}::uuid, ${feed}, a, p FROM unnest(${chunk.map((p) => p.account)}::text[], ${chunk.map((p) => p.post)}::text[]) AS u(a, p)
      ON CONFLICT DO NOTHING RETURNING account)
    INSERT INTO live_touched (org_id, feed, account_a, account_b, posts, first)
    SELECT ${orgId}::uuid, ${feed}, i.account, NULL, i.n, prior.found IS NULL
    FROM (SELECT account, count(*) AS n FROM ins GROUP BY account) i
    LEFT JOIN LATERAL (SELECT true AS found FROM live_posts o
      WHERE o.org_id = ${orgId}::uuid AND o.feed = ${feed} AND o.account = i.account LIMIT 1) prior ON true`.execute(db)
  }
}

/** What changed in a feed since the last call. */
export interface LiveTouched {
  /** The account pairs with new pairs. */
  readonly pairs: readonly (readonly [string, string])[]
  /** Of the accounts asked about, those with new posts. */
  readonly accounts: readonly string[]
  /** New posts over the whole feed, and how many accounts posted for the first time. */
  readonly posts: number
  readonly newAccounts: number
}

/**
 * Takes (and forgets) what changed in a feed since the last call; rows committed meanwhile
 * wait for the next. Of the accounts with new posts, only those in `watched` come back
 * (the aggregator's accounts with an edge): the others are in no network, and the posts of
 * one that gets its first edge later are read when its component is recomputed. So a round
 * reads the feed's new pairs and its watched accounts, not every account that posted.
 */
export async function takeLiveTouched(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  watched: readonly string[] = [],
): Promise<LiveTouched> {
  const { rows } = await sql<{ a: string | null; b: string | null; posts: string; first: string }>`WITH taken AS (
      DELETE FROM live_touched WHERE org_id = ${orgId}::uuid AND feed = ${feed} RETURNING account_a, account_b, posts, first)
    SELECT DISTINCT account_a AS a, account_b AS b, 0 AS posts, 0 AS first FROM taken WHERE account_b IS NOT NULL
    UNION ALL
    SELECT DISTINCT account_a, NULL, 0, 0 FROM taken
      WHERE account_b IS NULL AND account_a IN (SELECT unnest(${watched}::text[]))
    UNION ALL
    SELECT NULL, NULL, coalesce(sum(posts), 0), count(DISTINCT account_a) FILTER (WHERE first) FROM taken WHERE account_b IS NULL`.execute(
    db,
  )
  const pairs: [string, string][] = []
  const accounts: string[] = []
  let posts = 0
  let newAccounts = 0
  for (const r of rows) {
    if (r.a === null) {
      posts = Number(r.posts)
      newAccounts = Number(r.first)
    } else if (r.b === null) accounts.push(r.a)
    else pairs.push([r.a, r.b])
  }
  return { pairs, accounts, posts, newAccounts }
}

/** Forgets a feed's pairs and posts (when the feed is deleted, or replayed from scratch). */
export async function clearLiveFeedState(db: Kysely<Database>, orgId: OrgId, feed: string): Promise<void> {
  await db.deleteFrom('live_pairs').where('org_id', '=', orgId).where('feed', '=', feed).execute()
  await db.deleteFrom('live_posts').where('org_id', '=', orgId).where('feed', '=', feed).execute()
  await db.deleteFrom('live_touched').where('org_id', '=', orgId).where('feed', '=', feed).execute()
}
