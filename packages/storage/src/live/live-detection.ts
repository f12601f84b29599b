import { type DetectParams, DetectSignal, type NetworksFile, type OrgId } from '@vigil/contracts'
import { buildNetworks } from '@vigil/core'
import type { Kysely } from 'kysely'
import { buildEdges } from '../detect/co-occurrence.js'
import { fetchActivity, fetchEdges, fetchEvidence, fetchFusedWeights } from '../detect/detection-queries.js'
import type { Detection } from '../detect/run-detection.js'
import { type DetectOutputPaths, writeDetectOutputs } from '../detect/write-outputs.js'
import type { Database } from '../postgres/database-schema.js'
import { createDuckDB } from '../shared/duckdb.js'

/** The signals a feed runs: its own, or every window-join signal. */
export function feedSignals(params: DetectParams): DetectSignal[] {
  return params.signals ?? DetectSignal.options.filter((s) => s !== 'co-similar-text')
}

/**
 * A feed's detection from its live state, made by batch's own code: the stored pairs are
 * loaded into DuckDB as batch's `pairs` table (the object's `kid` is `hash(object)`, posts
 * are `hash(account, post)`, accounts `hash(account)`, as batch numbers them), then batch's
 * `buildEdges` weighs the edges, `buildNetworks` fuses, splits and scores them and
 * `fetchEvidence` explains them. The result is what `vigil detect` gives for the same pairs.
 */
export async function liveDetection(
  db: Kysely<Database>,
  orgId: OrgId,
  feed: string,
  params: DetectParams,
  options: { readonly maxComponentSize?: number; readonly evidencePerNetwork?: number } = {},
): Promise<Detection> {
  const signals = feedSignals(params)
  const instance = await createDuckDB(':memory:', { threads: '1' })
  const connection = await instance.connect()
  try {
    await connection.run(`CREATE TABLE lp (sig UTINYINT, object VARCHAR, aa VARCHAR, pa VARCHAR, ta BIGINT,
      ab VARCHAR, pb VARCHAR, tb BIGINT)`)
    const pairs = await db
      .selectFrom('live_pairs')
      .select(['signal', 'object', 'account_a', 'post_a', 'time_a', 'account_b', 'post_b', 'time_b'])
      .where('org_id', '=', orgId)
      .where('feed', '=', feed)
      .execute()
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
    const accounts = [...new Set(pairs.flatMap((p) => [p.account_a, p.account_b]))]
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
    const networkEdges = repeat === 'fused' ? await fetchEdges(connection, 'net_edges') : edges
    const activity = await fetchActivity(connection)
    const scored = buildNetworks(networkEdges, activity, {
      windowSeconds: params.window,
      signalsRun: signals.length,
      maxComponentSize: options.maxComponentSize ?? 200,
      seed: 1,
      ...(repeat === 'fused' ? { fusedWeights: await fetchFusedWeights(connection) } : {}),
    })
    const accountIds = new Map<string, bigint>()
    for (const e of networkEdges) {
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
    const edgeCounts: Record<string, number> = Object.fromEntries(signals.map((s) => [s, 0]))
    for (const e of edges) edgeCounts[e.signal] = (edgeCounts[e.signal] ?? 0) + 1
    const stats = await db
      .selectFrom('live_posts')
      .select((eb) => [eb.fn.countAll<string>().as('posts'), eb.fn.count<string>('account').distinct().as('accounts')])
      .where('org_id', '=', orgId)
      .where('feed', '=', feed)
      .executeTakeFirst()
    const networks: NetworksFile = {
      version: 1,
      run: {
        format: 'generic',
        files: [`live:${feed}`],
        window: params.window,
        minRepeat: params.minRepeat,
        weight: params.weight,
        repeat,
        similarity: params.similarity,
        signals,
        rows: Number(stats?.posts ?? 0),
        posts: Number(stats?.posts ?? 0),
        accounts: Number(stats?.accounts ?? 0),
        badRows: 0,
        firstBadRows: [],
        timeResolutionSeconds: 1,
        warnings: [],
      },
      edges: edgeCounts,
      networks: scored.map((n) => ({ ...n, evidence: evidence.get(n.id) ?? [] })),
    }
    return { networks, edges, activity }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
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
