import type { DuckDBConnection } from '@duckdb/node-api'
import { type DetectedNetwork, type DetectParams, DetectSignal, type NetworksFile, type OrgId } from '@vigil/contracts'
import { type AccountActivity, buildNetworks } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { buildEdges } from '../detect/co-occurrence.js'
import { type FetchedEdge, fetchActivity, fetchEdges, fetchEvidence, fetchFusedWeights } from '../detect/detection-queries.js'
import type { Detection } from '../detect/run-detection.js'
import { type DetectOutputPaths, writeDetectOutputs } from '../detect/write-outputs.js'
import type { Database } from '../postgres/database-schema.js'
import { createDuckDB } from '../shared/duckdb.js'

/** The signals a feed runs: its own, or every window-join signal. */
export function feedSignals(params: DetectParams): DetectSignal[] {
  return params.signals ?? DetectSignal.options.filter((s) => s !== 'co-similar-text')
}

/** Which stored pairs a computation reads: all of a feed's, those among some accounts, or those of some account pairs. */
export type LivePairScope =
  | { readonly all: true }
  | { readonly accounts: readonly string[] }
  | { readonly accountPairs: readonly (readonly [string, string])[] }

/** A feed's networks (evidence attached, numbered as batch numbers them) with the edges and activity behind them. */
export interface LiveNetworks {
  readonly networks: DetectedNetwork[]
  /** The per-signal edges (`edges/<signal>.csv`). */
  readonly edges: FetchedEdge[]
  /** The edges networks are built from (with fused counting, not the same). */
  readonly netEdges: FetchedEdge[]
  readonly activity: Map<string, AccountActivity>
}

/** The options of the split and the evidence: batch's defaults. */
export interface LiveNetworkOptions {
  readonly maxComponentSize?: number
  readonly evidencePerNetwork?: number
}

/**
 * Loads a feed's pairs in `scope` into DuckDB as batch's `pairs` table (the object's `kid`
 * is `hash(object)`, posts are `hash(account, post)`, accounts `hash(account)`, as batch
 * numbers them) with `lp` (the pairs as stored) and `acct`, then runs `use` over them.
 */
async function withLivePairs<T>(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  scope: LivePairScope,
  use: (connection: DuckDBConnection, accounts: string[]) => Promise<T>,
): Promise<T> {
  let query = db
    .selectFrom('live_pairs')
    .select(['signal', 'object', 'account_a', 'post_a', 'time_a', 'account_b', 'post_b', 'time_b'])
    .where('org_id', '=', orgId)
    .where('feed', '=', feed)
  if ('accounts' in scope) {
    query = query.where(sql<boolean>`account_a = ANY(${scope.accounts}::text[]) AND account_b = ANY(${scope.accounts}::text[])`)
  } else if ('accountPairs' in scope) {
    const as = scope.accountPairs.map(([a]) => a)
    const bs = scope.accountPairs.map(([, b]) => b)
    query = query.where(sql<boolean>`(account_a, account_b) IN (SELECT * FROM unnest(${as}::text[], ${bs}::text[]))`)
  }
  const pairs = await query.execute()
  const instance = await createDuckDB(':memory:', { threads: '1' })
  const connection = await instance.connect()
  try {
    await connection.run(`CREATE TABLE lp (sig UTINYINT, object VARCHAR, aa VARCHAR, pa VARCHAR, ta BIGINT,
      ab VARCHAR, pb VARCHAR, tb BIGINT)`)
    const appender = await connection.createAppender('lp')
    for (const p of pairs) {
      appender.appendUTinyInt(p.signal)
      appender.appendVarchar(p.object)
      appender.appendVarchar(p.account_a)
      appender.appendVarchar(p.post_a)
      appender.appendBigInt(BigInt(p.time_a))
      appender.appendVarchar(p.account_b)
      appender.appendVarchar(p.post_b)
      appender.appendBigInt(BigInt(p.time_b))
      appender.endRow()
    }
    appender.closeSync()
    await connection.run(`CREATE TABLE pairs AS SELECT sig, hash(object) AS kid, hash(aa) AS a, hash(ab) AS b,
      hash(aa, pa) AS pa, hash(ab, pb) AS pb, ta, tb FROM lp`)
    await connection.run(
      'CREATE TABLE acct AS SELECT hash(account) AS aid, account FROM (SELECT aa AS account FROM lp UNION SELECT ab FROM lp)',
    )
    return await use(connection, [...new Set(pairs.flatMap((p) => [p.account_a, p.account_b]))])
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/**
 * The edges of a feed's pairs in `scope`, weighed by batch's `buildEdges` (the three weights
 * by their one SQL, `--min-repeat`, per-signal or fused counting). An edge's weight depends
 * only on the pairs of its two accounts, so the edges of some account pairs are read from
 * their pairs alone.
 */
export function liveEdges(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  params: DetectParams,
  scope: LivePairScope,
): Promise<{ edges: FetchedEdge[]; netEdges: FetchedEdge[] }> {
  return withLivePairs(db, orgId, feed, scope, async (connection) => {
    await buildEdges(connection, params.weight, params.minRepeat, params.repeat)
    const edges = await fetchEdges(connection)
    return { edges, netEdges: params.repeat === 'fused' ? await fetchEdges(connection, 'net_edges') : edges }
  })
}

/**
 * A feed's networks over its pairs in `scope`, made by batch's own code: `buildEdges`,
 * `fetchActivity` (the accounts' posts from `live_posts`), `buildNetworks` (fusion,
 * clustering, scoring) and `fetchEvidence`. A network depends only on the pairs and posts
 * of the accounts of its component, so the scope of whole components gives their networks
 * exactly as the whole feed does (but their numbers: see `rankNetworks`).
 */
export function liveNetworks(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  params: DetectParams,
  scope: LivePairScope,
  options: LiveNetworkOptions = {},
): Promise<LiveNetworks> {
  return withLivePairs(db, orgId, feed, scope, async (connection, accounts) => {
    await connection.run('CREATE TABLE lposts (account VARCHAR, post VARCHAR)')
    const rowsAppender = await connection.createAppender('lposts')
    for (let i = 0; i < accounts.length; i += 5_000) {
      const posts = await db
        .selectFrom('live_posts')
        .select(['account', 'post'])
        .where('org_id', '=', orgId)
        .where('feed', '=', feed)
        .where('account', 'in', accounts.slice(i, i + 5_000))
        .execute()
      for (const p of posts) {
        rowsAppender.appendVarchar(p.account)
        rowsAppender.appendVarchar(p.post)
        rowsAppender.endRow()
      }
    }
    rowsAppender.closeSync()
    await connection.run('CREATE TABLE rows AS SELECT hash(account, post) AS pid, hash(account) AS aid FROM lposts')
    const repeat = params.repeat
    await buildEdges(connection, params.weight, params.minRepeat, repeat)
    const edges = await fetchEdges(connection)
    const netEdges = repeat === 'fused' ? await fetchEdges(connection, 'net_edges') : edges
    const activity = await fetchActivity(connection)
    const scored = buildNetworks(netEdges, activity, {
      windowSeconds: params.window,
      signalsRun: feedSignals(params).length,
      maxComponentSize: options.maxComponentSize ?? 200,
      seed: 1,
      ...(repeat === 'fused' ? { fusedWeights: await fetchFusedWeights(connection) } : {}),
    })
    const accountIds = new Map<string, bigint>()
    for (const e of netEdges) {
      accountIds.set(e.a, e.aid)
      accountIds.set(e.b, e.bid)
    }
    const evidence = await fetchEvidence(
      connection,
      scored,
      accountIds,
      options.evidencePerNetwork ?? 25,
      () => 'SELECT sig, object AS key FROM lp',
    )
    return { networks: scored.map((n) => ({ ...n, evidence: evidence.get(n.id) ?? [] })), edges, netEdges, activity }
  })
}

/** A live feed's detection as `vigil detect` describes its own: the run, the per-signal edge counts, the networks. */
export function liveNetworksFile(
  feed: string,
  params: DetectParams,
  counts: { readonly posts: number; readonly accounts: number; readonly edges: Readonly<Record<string, number>> },
  networks: DetectedNetwork[],
): NetworksFile {
  return {
    version: 1,
    run: {
      format: 'generic',
      files: [`live:${feed}`],
      window: params.window,
      minRepeat: params.minRepeat,
      weight: params.weight,
      repeat: params.repeat,
      similarity: params.similarity,
      signals: feedSignals(params),
      rows: counts.posts,
      posts: counts.posts,
      accounts: counts.accounts,
      badRows: 0,
      firstBadRows: [],
      timeResolutionSeconds: 1,
      warnings: [],
    },
    edges: counts.edges,
    networks,
  }
}

/** Edges counted by signal, every signal the feed runs named. */
export function edgeCountsOf(params: DetectParams, edges: readonly { readonly signal: string }[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(feedSignals(params).map((s) => [s, 0]))
  for (const e of edges) counts[e.signal] = (counts[e.signal] ?? 0) + 1
  return counts
}

/** A feed's posts and posting accounts. */
export async function livePostCounts(db: Kysely<Database>, orgId: OrgId, feed: string): Promise<{ posts: number; accounts: number }> {
  const stats = await db
    .selectFrom('live_posts')
    .select((eb) => [eb.fn.countAll<string>().as('posts'), eb.fn.count<string>('account').distinct().as('accounts')])
    .where('org_id', '=', orgId)
    .where('feed', '=', feed)
    .executeTakeFirst()
  return { posts: Number(stats?.posts ?? 0), accounts: Number(stats?.accounts ?? 0) }
}

/**
 * A feed's whole detection from its live state, made by batch's own code
 * ({@link liveNetworks} over all its pairs). The result is what `vigil detect` gives for the
 * same pairs.
 */
export async function liveDetection(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  params: DetectParams,
  options: LiveNetworkOptions = {},
): Promise<Detection> {
  const { networks, edges, activity } = await liveNetworks(db, orgId, feed, params, { all: true }, options)
  const counts = { ...(await livePostCounts(db, orgId, feed)), edges: edgeCountsOf(params, edges) }
  return { networks: liveNetworksFile(feed, params, counts, networks), edges, activity }
}

/** Writes a feed's live detection as `vigil detect` writes its own (batch's writer): networks.json, edges/<signal>.csv, accounts.csv, report.html. */
export async function exportLiveFeed(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  params: DetectParams,
  outDir: string,
): Promise<{ detection: Detection; paths: DetectOutputPaths }> {
  const detection = await liveDetection(db, orgId, feed, params)
  return { detection, paths: await writeDetectOutputs(outDir, detection) }
}
