import type { DuckDBConnection } from '@duckdb/node-api'
import { signalId } from './build-objects.js'
import { minHashSql } from './co-occurrence.js'

/**
 * Shortest profile text compared, in characters other than punctuation and white space:
 * shorter bios ("Hi", "-", "...") are shared by chance by unrelated accounts.
 */
export const MIN_PROFILE_CHARS = 10

/**
 * Builds `profile_edges` (the columns of `edges`) for `co-profile`: two accounts of the
 * dump (accounts that posted) whose profile texts are the same or near-identical (Jaccard
 * ≥ `similarity` over their sets of character trigrams, so that texts without spaces
 * between words, such as Thai, compare as well as others), or whose profile URLs are the
 * same (as `acct_info` normalises them). Candidates come from the MinHash/LSH bands
 * `co-similar-text` uses ({@link minHashSql}) and are checked with the exact Jaccard. There
 * is no time window. The weight is the number of the two fields that match (1 or 2), and
 * `--min-repeat` does not apply: a profile is not repeated. `abs_dt_ms` is NULL: the edge
 * says nothing about timing (the score's time tightness leaves it out).
 */
export async function buildProfileEdges(connection: DuckDBConnection, similarity: number): Promise<void> {
  const sig = signalId('co-profile')
  const { mins, bands } = minHashSql('h')
  const grams = 'list_distinct(list_transform(range(1, length(txt) - 1), k -> substr(txt, k::BIGINT, 3)))'
  await connection.run(`CREATE OR REPLACE TABLE profile_edges AS
    WITH prof AS (SELECT a.aid, a.account, i.profile_text AS txt, i.profile_url AS url FROM acct_info i JOIN acct a USING (account)),
    pt AS (SELECT aid, account, ${grams} AS g FROM prof
      WHERE length(regexp_replace(txt, '[[:punct:][:space:]]', '', 'g')) >= ${MIN_PROFILE_CHARS}),
    m AS (SELECT aid, ${mins} FROM (SELECT aid, hash(unnest(g)) AS h FROM pt) GROUP BY aid),
    band AS (SELECT aid, unnest(${bands}) AS kid FROM m),
    cand AS (SELECT DISTINCT x.aid AS a1, y.aid AS a2 FROM band x JOIN band y ON x.kid = y.kid AND x.aid < y.aid),
    text_pairs AS (SELECT c.a1, c.a2 FROM cand c JOIN pt p1 ON p1.aid = c.a1 JOIN pt p2 ON p2.aid = c.a2
      WHERE len(list_intersect(p1.g, p2.g)) >= ${similarity} * len(list_distinct(list_concat(p1.g, p2.g)))),
    url_pairs AS (SELECT x.aid AS a1, y.aid AS a2 FROM prof x JOIN prof y ON x.url = y.url AND x.aid < y.aid),
    matched AS (SELECT a1, a2, count(*) AS weight FROM (SELECT * FROM text_pairs UNION ALL SELECT * FROM url_pairs) GROUP BY a1, a2)
    SELECT ${sig}::UTINYINT AS sig, CASE WHEN ax.account < ay.account THEN a1 ELSE a2 END AS a,
      CASE WHEN ax.account < ay.account THEN a2 ELSE a1 END AS b, weight, NULL::DOUBLE AS dt_ms, NULL::DOUBLE AS abs_dt_ms
    FROM matched JOIN acct ax ON ax.aid = a1 JOIN acct ay ON ay.aid = a2`)
}
