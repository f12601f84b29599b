import type { DuckDBConnection } from '@duckdb/node-api'
import { DetectSignal, type EvidenceObject } from '@vigil/contracts'
import { type AccountActivity, accountPairKey, type ScoredNetwork, type SignalEdge } from '@vigil/core'

/** A kept edge with the accounts' ids (`acct.aid`), for the membership table. */
export interface FetchedEdge extends SignalEdge {
  readonly aid: bigint
  readonly bid: bigint
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]
}

/**
 * The edges of `table` (`edges`, the per-signal edges, or `net_edges`, those networks are
 * built from), `account_a < account_b`, sorted by signal then `account_a, account_b`.
 */
export async function fetchEdges(connection: DuckDBConnection, table: 'edges' | 'net_edges' = 'edges'): Promise<FetchedEdge[]> {
  const result = await rows(
    connection,
    `SELECT e.sig, e.a, e.b, aa.account AS an, ab.account AS bn, e.weight, e.abs_dt_ms
     FROM ${table} e JOIN acct aa ON aa.aid = e.a JOIN acct ab ON ab.aid = e.b ORDER BY e.sig, an, bn`,
  )
  return result.map((r) => ({
    signal: DetectSignal.options[Number(r.sig)] as DetectSignal,
    aid: BigInt(r.a as bigint),
    bid: BigInt(r.b as bigint),
    a: String(r.an),
    b: String(r.bn),
    weight: Number(r.weight),
    meanDeltaSeconds: Number(r.abs_dt_ms) / 1000,
  }))
}

/** The fused weight of each account pair kept by fused counting, keyed by `accountPairKey`. */
export async function fetchFusedWeights(connection: DuckDBConnection): Promise<Map<string, number>> {
  const result = await rows(
    connection,
    'SELECT aa.account AS an, ab.account AS bn, f.weight FROM fused f JOIN acct aa ON aa.aid = f.a JOIN acct ab ON ab.aid = f.b',
  )
  return new Map(result.map((r) => [accountPairKey(String(r.an), String(r.bn)), Number(r.weight)]))
}

/** Posts and coordinated posts (in a kept pair) of every account with an edge networks are built from. */
export async function fetchActivity(connection: DuckDBConnection): Promise<Map<string, AccountActivity>> {
  const result = await rows(
    connection,
    `WITH flagged AS (SELECT a AS aid FROM net_edges UNION SELECT b FROM net_edges),
     coord AS (SELECT a AS aid, pa AS pid FROM kept_pairs UNION SELECT b, pb FROM kept_pairs)
     SELECT ac.account, pc.n AS posts, coalesce(cc.n, 0) AS coordinated
     FROM flagged f JOIN acct ac USING (aid)
       JOIN (SELECT aid, count(DISTINCT pid) AS n FROM rows SEMI JOIN flagged USING (aid) GROUP BY aid) pc USING (aid)
       LEFT JOIN (SELECT aid, count(DISTINCT pid) AS n FROM coord GROUP BY aid) cc USING (aid)`,
  )
  return new Map(result.map((r) => [String(r.account), { posts: Number(r.posts), coordinatedPosts: Number(r.coordinated) }]))
}

/** Counts of the input: posts, accounts, and the time resolution in seconds (60 when every time is on the minute). */
export async function fetchInputStats(
  connection: DuckDBConnection,
): Promise<{ posts: number; accounts: number; resolutionSeconds: number }> {
  const [r] = await rows(connection, 'SELECT posts, accounts, minute FROM input_stats')
  const posts = Number(r?.posts ?? 0)
  return {
    posts,
    accounts: Number(r?.accounts ?? 0),
    resolutionSeconds: posts > 1 && r?.minute ? 60 : 1,
  }
}

/**
 * The evidence of each network: the shared objects its members co-posted (inside the
 * kept pairs, both accounts in the network), most posted first, `limit` per network.
 * `keysOf` gives the `(sig, key, …)` objects of a relation of rows (`objectKeys`): the
 * keys are read back from the posts behind the evidence only.
 */
export async function fetchEvidence(
  connection: DuckDBConnection,
  networks: readonly ScoredNetwork[],
  accountIds: ReadonlyMap<string, bigint>,
  limit: number,
  keysOf: (from: string) => string,
): Promise<Map<string, EvidenceObject[]>> {
  await connection.run('CREATE OR REPLACE TABLE netm (aid UBIGINT, net INTEGER)')
  const appender = await connection.createAppender('netm')
  networks.forEach((n, i) => {
    for (const m of n.members) {
      const aid = accountIds.get(m)
      if (aid === undefined) continue
      appender.appendUBigInt(aid)
      appender.appendInteger(i)
      appender.endRow()
    }
  })
  appender.closeSync()
  const result = await rows(
    connection,
    `WITH ev AS (
       SELECT m1.net, k.sig, k.kid, list_distinct(list_concat(list(k.a), list(k.b))) AS aids,
         len(list_distinct(list_concat(list(k.pa), list(k.pb)))) AS posts, min(least(k.ta, k.tb)) AS first, max(greatest(k.ta, k.tb)) AS last
       FROM kept_pairs k JOIN netm m1 ON m1.aid = k.a JOIN netm m2 ON m2.aid = k.b AND m2.net = m1.net
       GROUP BY m1.net, k.sig, k.kid
         QUALIFY row_number() OVER (PARTITION BY m1.net ORDER BY count(*) DESC, k.sig, k.kid) <= ${limit}),
     ea AS (SELECT net, sig, kid, unnest(aids) AS aid FROM ev),
     eacc AS (SELECT net, sig, kid, list(account ORDER BY account) AS accounts FROM ea JOIN acct USING (aid) GROUP BY net, sig, kid),
     evp AS (SELECT pa AS pid FROM kept_pairs SEMI JOIN ev USING (sig, kid) UNION SELECT pb FROM kept_pairs SEMI JOIN ev USING (sig, kid)),
     evrows AS MATERIALIZED (SELECT * FROM rows SEMI JOIN evp USING (pid)),
     ek AS (SELECT sig, hash(key) AS kid, any_value(key) AS key FROM (${keysOf('evrows')}) GROUP BY sig, hash(key))
     SELECT ev.net, ev.sig, ev.posts, ev.first, ev.last, eacc.accounts,
       ek.key AS object
     FROM ev JOIN eacc USING (net, sig, kid) LEFT JOIN ek USING (sig, kid)
     ORDER BY ev.net, ev.posts DESC, ev.sig, object`,
  )
  const byNetwork = new Map<string, EvidenceObject[]>()
  for (const r of result) {
    const id = networks[Number(r.net)]?.id ?? ''
    const list = byNetwork.get(id) ?? []
    list.push({
      signal: DetectSignal.options[Number(r.sig)] as DetectSignal,
      object: String(r.object ?? ''),
      accounts: (r.accounts as unknown[]).map(String),
      posts: Number(r.posts),
      firstAt: new Date(Number(r.first)).toISOString(),
      lastAt: new Date(Number(r.last)).toISOString(),
    })
    byNetwork.set(id, list)
  }
  return byNetwork
}
