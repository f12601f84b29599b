import type { DuckDBConnection } from '@duckdb/node-api'
import type { EdgeWeight, RepeatCount } from '@vigil/contracts'
import { LSH_BANDS, LSH_ROWS, MINHASH_SEEDS } from '@vigil/core'
import { signalId } from './build-objects.js'

// Bands × rows of the MinHash signature (core's LSH_BANDS, LSH_ROWS and seeds, which live
// detection computes in JavaScript): P(candidate | Jaccard 0.8) = 1 − (1 − 0.8²)⁶ ≈ 0.998,
// at 0.9 ≈ 0.99995. Twelve hash functions cost half of the 8 × 3 used before (whose bound
// at 0.8 was 0.997); the extra candidates it lets through at low similarity stay inside the
// window and are dropped by the exact check.

/** Rows a window join or MinHash aggregate takes at once by default: its hash table then stays in memory. */
const CHUNK_ROWS = 4_000_000

/**
 * Runs `statement(i, n)` for each of `n` chunks of `rows` rows (at least one), first as
 * `CREATE OR REPLACE TABLE table AS`, then as `INSERT INTO table`. At 10 M posts one hash
 * join or aggregate over everything outgrows DuckDB's memory limit and spills to disk;
 * chunks split by a hash (objects by `kid`, posts by `pid`) are independent and do not.
 */
async function inChunks(
  connection: DuckDBConnection,
  table: string,
  rows: number,
  chunkRows: number,
  statement: (chunk: number, chunks: number) => string,
): Promise<void> {
  const chunks = Math.max(1, Math.ceil(rows / chunkRows))
  for (let i = 0; i < chunks; i++) {
    await connection.run(`${i === 0 ? `CREATE OR REPLACE TABLE ${table} AS` : `INSERT INTO ${table}`} ${statement(i, chunks)}`)
  }
}

async function countOf(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${sql}`)
  return Number(reader.getRowObjectsJS()[0]?.n ?? 0)
}

/**
 * The pairs of `relation` (`sig, kid, xa, ya, xp, yp, xt, yt`: two posts of accounts `xa`
 * and `ya` on one object) as rows of `pairs`: oriented so that account `a`'s id sorts
 * before `b`'s (accounts are numbered by hash, not in the order of their ids), once each.
 * DISTINCT, because a post that carries one object twice (a repeated hashtag, a post spread
 * over rows) is in `obj` twice: removing that among the pairs is far cheaper than in `obj`.
 */
function orientedPairsSql(relation: string): string {
  const pick = (forward: string, backward: string, name: string) => `CASE WHEN f THEN ${forward} ELSE ${backward} END AS ${name}`
  return `SELECT DISTINCT sig, kid, ${pick('xa', 'ya', 'a')}, ${pick('ya', 'xa', 'b')}, ${pick('xp', 'yp', 'pa')},
      ${pick('yp', 'xp', 'pb')}, ${pick('xt', 'yt', 'ta')}, ${pick('yt', 'xt', 'tb')}
    FROM (SELECT j.*, ax.account < ay.account AS f FROM (${relation}) j JOIN acct ax ON ax.aid = j.xa JOIN acct ay ON ay.aid = j.ya)`
}

/**
 * The window join over `relation` (columns `keys`, `pid`, `aid`, `t`): every two posts of
 * different accounts on the same key within `windowMs` (inclusive), once, as `keys, xa, ya,
 * xp, yp, xt, yt` with `x` the earlier (or, at the same time, the lower post number). Time
 * is cut into buckets of the window's length and each post is joined only with posts of its
 * own and the next bucket, so a popular key costs the pairs inside the window, never all
 * pairs of the key over all time.
 */
function windowJoinSql(relation: string, keys: readonly string[], windowMs: number): string {
  const columns = [...keys, 'pid', 'aid', 't'].join(', ')
  return `WITH x AS (SELECT ${columns}, t // ${Math.max(windowMs, 1)} AS b FROM ${relation}),
    y AS (SELECT ${columns}, b AS jb FROM x UNION ALL SELECT ${columns}, b - 1 AS jb FROM x)
    SELECT ${keys.map((k) => `x.${k}`).join(', ')}, x.aid AS xa, y.aid AS ya, x.pid AS xp, y.pid AS yp, x.t AS xt, y.t AS yt
    FROM x JOIN y ON ${keys.map((k) => `x.${k} = y.${k}`).join(' AND ')} AND x.b = y.jb
    WHERE x.aid <> y.aid AND y.t - x.t BETWEEN 0 AND ${windowMs} AND (y.t > x.t OR y.pid > x.pid)`
}

/**
 * Builds `pairs`: every two posts of different accounts that share an object within
 * `windowMs` (inclusive), one row per unordered post pair and object, with `a < b`
 * ({@link windowJoinSql} over `obj`).
 */
export async function buildPairs(connection: DuckDBConnection, windowMs: number, chunkRows = CHUNK_ROWS): Promise<void> {
  // Both posts of a pair share the object, so chunks by object are independent.
  await inChunks(connection, 'pairs', await countOf(connection, 'obj'), chunkRows, (i, n) =>
    orientedPairsSql(windowJoinSql(`obj WHERE kid % ${n} = ${i}`, ['sig', 'kid'], windowMs)),
  )
}

/**
 * The SELECT items of a MinHash signature over a column `hash` of token hashes, one row per
 * token (`mins`: one aggregate per hash function, each a xor-permutation of the token hash,
 * in one GROUP BY: far faster than a lambda per hash function or a GROUP BY per function),
 * and the list of its LSH band keys over those minima (`bands`). Shared by
 * `co-similar-text` (word hashes of a post) and `co-profile` (character trigrams of a profile).
 */
export function minHashSql(hash: string): { mins: string; bands: string } {
  return {
    mins: MINHASH_SEEDS.map((seed, i) => `min(xor(${hash}, ${seed}::UBIGINT)) AS m${i}`).join(', '),
    bands: `[${Array.from(
      { length: LSH_BANDS },
      (_, b) => `hash(${b}, ${Array.from({ length: LSH_ROWS }, (_, r) => `m${b * LSH_ROWS + r}`).join(', ')})`,
    ).join(', ')}]`,
  }
}

/** The SQL of a text's words for `co-similar-text` (core's `textWords`): ASCII punctuation removed, split on single spaces. */
export const similarWordsSql = (text: string) => `string_split(regexp_replace(${text}, '[[:punct:]]', '', 'g'), ' ')`

/**
 * Adds `co-similar-text` pairs: original posts whose word sets have Jaccard ≥ `similarity`
 * and lie within the window. MinHash signatures (one xor-permutation of the word hash per
 * row) are cut into LSH bands; posts sharing a band bucket go through the same window
 * join, and every candidate is checked with the exact Jaccard. The object of a pair is the
 * earlier post's text (`hash(ntext)`, as `objectKeys` names it), so `objects` counts the
 * distinct texts copied.
 */
export async function addSimilarTextPairs(
  connection: DuckDBConnection,
  windowMs: number,
  similarity: number,
  chunkRows = CHUNK_ROWS,
): Promise<void> {
  const sig = signalId('co-similar-text')
  // Words without punctuation; duplicates are kept (a minimum over a multiset is the
  // minimum over its set) and removed only for the exact check of the candidates.
  const words = similarWordsSql
  const { mins, bands } = minHashSql('h')
  const texts = 'rows WHERE NOT reshare AND ntext IS NOT NULL'
  await inChunks(
    connection,
    'st_band',
    await countOf(connection, texts),
    chunkRows,
    (i, n) => `
    WITH w AS (SELECT pid, aid, t, hash(unnest(ws)) AS h
      FROM (SELECT pid, aid, t, ${words('ntext')} AS ws FROM ${texts} AND pid % ${n} = ${i}) WHERE len(ws) >= 3),
    m AS (SELECT pid, any_value(aid) AS aid, any_value(t) AS t, ${mins} FROM w GROUP BY pid)
    SELECT pid, aid, t, unnest(${bands}) AS kid FROM m`,
  )
  // Candidates, by band bucket in chunks; a pair sharing several bands can come from
  // several chunks, so they are made distinct once all are in.
  await inChunks(connection, 'st_cand', await countOf(connection, 'st_band'), chunkRows, (i, n) => {
    const band = windowJoinSql(`st_band WHERE kid % ${n} = ${i}`, ['kid'], windowMs)
    return `SELECT DISTINCT xp AS p1, yp AS p2, xa AS a1, ya AS a2, xt AS t1, yt AS t2 FROM (${band})`
  })
  await connection.run(`INSERT INTO pairs
    WITH cand AS (SELECT DISTINCT * FROM st_cand),
    tx AS (SELECT pid, hash(ntext) AS h, list_filter(${words('ntext')}, x -> x <> '') AS w
      FROM rows WHERE pid IN (SELECT p1 FROM cand UNION SELECT p2 FROM cand) AND NOT reshare AND ntext IS NOT NULL),
    sets AS (SELECT c.*, s1.h AS h1, s1.w AS w1, s2.w AS w2 FROM cand c JOIN tx s1 ON s1.pid = c.p1 JOIN tx s2 ON s2.pid = c.p2),
    ok AS (SELECT * FROM sets WHERE len(list_intersect(w1, w2)) >= ${similarity} * len(list_distinct(list_concat(w1, w2))))
    ${orientedPairsSql(`SELECT ${sig}::UTINYINT AS sig, h1 AS kid, a1 AS xa, a2 AS ya, p1 AS xp, p2 AS yp, t1 AS xt, t2 AS yt FROM ok`)}`)
}

/** The SQL of each edge weight over one (signal, a, b) group of `pairs` (see docs/DETECT.md). */
const WEIGHT_SQL: Readonly<Record<EdgeWeight, string>> = {
  objects: 'count(DISTINCT kid)',
  posts: 'greatest(count(DISTINCT pa), count(DISTINCT pb))',
  pairs: 'count(*)',
}

/**
 * Builds `edges` (signal, a, b, weight, mean |Δt| in ms) from `pairs`, keeping those of
 * weight ≥ `minRepeat`: the per-signal edges of `edges/<signal>.csv`. Then what networks
 * are built from: with `per-signal` counting, `net_edges` are those edges; with `fused`,
 * `fused` holds the account pairs with at least `minRepeat` distinct post pairs over all
 * signals (a post pair matching on two signals counts once), and `net_edges` every signal's
 * edge between them, whatever its own weight. `kept_pairs` are the pairs behind `net_edges`.
 * With `profileEdges`, the `co-profile` edges of `profile_edges` (co-profile.ts) join both
 * `edges` and `net_edges` whatever their weight: a profile match is not a repetition.
 */
export async function buildEdges(
  connection: DuckDBConnection,
  weight: EdgeWeight,
  minRepeat: number,
  repeat: RepeatCount = 'per-signal',
  profileEdges = false,
): Promise<void> {
  const perSignal = (
    having: string,
  ) => `SELECT sig, a, b, ${WEIGHT_SQL[weight]} AS weight, avg(tb - ta) AS dt_ms, avg(abs(tb - ta)) AS abs_dt_ms
    FROM pairs GROUP BY sig, a, b ${having}`
  await connection.run(`CREATE OR REPLACE TABLE edges AS ${perSignal(`HAVING ${WEIGHT_SQL[weight]} >= ${minRepeat}`)}`)
  if (profileEdges) await connection.run('INSERT INTO edges SELECT * FROM profile_edges')
  if (repeat === 'per-signal') {
    await connection.run('CREATE OR REPLACE VIEW net_edges AS SELECT * FROM edges')
  } else {
    await connection.run(`CREATE OR REPLACE TABLE fused AS
      SELECT a, b, count(*) AS weight FROM (SELECT DISTINCT a, b, pa, pb FROM pairs) GROUP BY a, b HAVING count(*) >= ${minRepeat}`)
    await connection.run(`CREATE OR REPLACE TABLE net_edges AS
      SELECT * FROM (${perSignal('')}) SEMI JOIN fused USING (a, b)${profileEdges ? ' UNION ALL SELECT * FROM profile_edges' : ''}`)
  }
  await connection.run(`CREATE OR REPLACE TABLE kept_pairs AS SELECT p.* FROM pairs p SEMI JOIN net_edges e USING (sig, a, b)`)
}
