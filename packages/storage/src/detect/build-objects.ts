import type { DuckDBConnection } from '@duckdb/node-api'
import { DetectSignal } from '@vigil/contracts'
import { domainOf, normaliseUrl, UNCHANGED_BY_NORMALISE_URL } from '@vigil/core'
import { literal } from './sql-text.js'

/** The number DuckDB tables use for a signal: its index in {@link DetectSignal}. */
export function signalId(signal: DetectSignal): number {
  return DetectSignal.options.indexOf(signal)
}

// Shorteners name the service, not the site the link leads to: as a co-domain object they
// would link everyone who posted any shortened link.
const SHORTENER_DOMAINS = ['t.co', 'bit.ly', 'ow.ly', 'buff.ly', 'dlvr.it', 'ift.tt', 'goo.gl', 'tinyurl.com', 'fb.me']

/**
 * The SELECT of `(sig, key, pid, aid, t)` for one signal over `from`, a relation with the
 * columns of `rows`: one row per object a post carries. Building the object table and
 * reading back the keys of the evidence share it, so both name an object the same way.
 * `co-reshare` reads reshares, every other signal original posts.
 */
function objectKeysSql(signal: DetectSignal, from: string, hasDomainColumn: boolean): string {
  const sel = (key: string) => `SELECT ${signalId(signal)}::UTINYINT AS sig, ${key} AS key, p.pid, p.aid, p.t`
  const where = (condition: string) => `FROM ${from} p WHERE ${condition}`
  const listOf = (column: string) => `(SELECT pid, aid, t, unnest(${column}) AS v FROM ${from} WHERE NOT reshare)`
  // Canonical URLs (most) are their own normal form and their host, without `www.`, is
  // their domain (UNCHANGED_BY_NORMALISE_URL); the others are looked up in url_map.
  const urls = `(SELECT u.pid, u.aid, u.t, coalesce(m.norm, u.v) AS norm, CASE WHEN m.raw IS NOT NULL THEN m.domain
      ELSE regexp_replace(split_part(split_part(u.v, '://', 2), '/', 1), '^www\\.', '') END AS domain
    FROM ${listOf('urls')} u LEFT JOIN url_map m ON m.raw = u.v)`
  // Keys are never NULL or empty: cells are cleaned (NULL when blank) and list items are
  // not empty, so only a tag of bare '#' and what the URL normaliser empties are left out.
  switch (signal) {
    case 'co-reshare':
      return `${sel(`coalesce(p.reshare_of, 'text:' || p.ntext)`)} ${where('p.reshare AND coalesce(p.reshare_of, p.ntext) IS NOT NULL')}`
    case 'co-link':
      return `${sel('p.norm')} FROM ${urls} p WHERE p.norm <> ''`
    case 'co-domain':
      return hasDomainColumn
        ? `${sel('lower(p.v)')} FROM ${listOf('domains')} p`
        : `${sel('p.domain')} FROM ${urls} p WHERE p.domain <> '' AND p.domain NOT IN (${SHORTENER_DOMAINS.map(literal).join(', ')})`
    case 'co-hashtag':
      return `${sel(`lower(ltrim(p.v, '#'))`)} FROM ${listOf('hashtags')} p WHERE ltrim(p.v, '#') <> ''`
    case 'co-mention':
      return `${sel(`lower(ltrim(p.v, '@'))`)} FROM ${listOf('mentions')} p WHERE ltrim(p.v, '@') <> ''`
    case 'co-reply':
      return `${sel('p.reply_to')} ${where('NOT p.reshare AND p.reply_to IS NOT NULL')}`
    case 'co-image':
      return `${sel('p.image')} ${where('NOT p.reshare AND p.image IS NOT NULL')}`
    case 'co-text':
      return `${sel('p.ntext')} ${where('NOT p.reshare AND p.ntext IS NOT NULL')}`
    case 'co-similar-text':
      // Not an object of the window join (MinHash/LSH pairs these), but evidence names a
      // copied text the same way.
      return `${sel('p.ntext')} ${where('NOT p.reshare AND p.ntext IS NOT NULL')}`
    case 'co-profile':
      // An account field, not a post's object: co-profile.ts links the accounts.
      return `${sel('NULL::VARCHAR')} ${where('false')}`
  }
}

/** Every object of `signals` over `from`, as one `(sig, key, pid, aid, t)` relation. */
export function objectKeys(signals: readonly DetectSignal[], from: string, hasDomainColumn: boolean): string {
  const parts = signals.map((s) => objectKeysSql(s, from, hasDomainColumn))
  return parts.length > 0
    ? parts.join('\nUNION ALL\n')
    : 'SELECT NULL::UTINYINT AS sig, NULL::VARCHAR AS key, NULL::UBIGINT AS pid, NULL::UBIGINT AS aid, NULL::BIGINT AS t WHERE false'
}

/**
 * Builds `acct` (one row per account, keyed by `aid`), gives every row of a post spread
 * over several rows (the German sample has one row per post and object) its post's
 * earliest time and reshare flag, counts the posts (`input_stats`), and builds `obj`: one
 * row per (signal, object, post) occurrence with the account and time, the input of the
 * window join. Objects are carried as `kid = hash(key)` only; the key strings of the few
 * objects shown as evidence are read back from `rows` ({@link objectKeys}). A post that
 * carries one object twice gives two equal rows; the window join removes the duplicates.
 */
export async function buildObjects(
  connection: DuckDBConnection,
  signals: readonly DetectSignal[],
  hasDomainColumn: boolean,
): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE acct AS
    SELECT aid, any_value(account) AS account, any_value(account_name) AS name, any_value(label) AS label FROM rows GROUP BY aid`)
  await connection.run(`CREATE OR REPLACE TABLE post_rows AS
    SELECT pid, min(t) AS t, bool_or(reshare) AS reshare, count(*) AS n FROM rows GROUP BY pid HAVING count(*) > 1`)
  const spread = await connection.runAndReadAll('SELECT count(*) AS n, coalesce(sum(n - 1), 0) AS extra FROM post_rows')
  const [counts] = spread.getRowObjectsJS()
  if (Number(counts?.n ?? 0) > 0) {
    await connection.run('UPDATE rows SET t = p.t, reshare = p.reshare FROM post_rows p WHERE rows.pid = p.pid')
  }
  await connection.run(`CREATE OR REPLACE TABLE input_stats AS
    SELECT count(*) - ${Number(counts?.extra ?? 0)} AS posts, (SELECT count(*) FROM acct) AS accounts,
      coalesce(bool_and(t % 60000 = 0), false) AS minute FROM rows`)
  if (signals.includes('co-link') || signals.includes('co-domain')) await buildUrlMap(connection)
  await connection.run(`CREATE OR REPLACE TABLE obj AS
    SELECT sig, hash(key) AS kid, pid, aid, t FROM (${objectKeys(
      signals.filter((s) => s !== 'co-similar-text'),
      'rows',
      hasDomainColumn,
    )})`)
}

/**
 * Normalises, with the one normaliser core shares with the exchange, each distinct URL
 * that is not already in normal form: the canonical ones (most links) skip the round trip
 * through JavaScript.
 */
async function buildUrlMap(connection: DuckDBConnection): Promise<void> {
  await connection.run('CREATE OR REPLACE TABLE url_map (raw VARCHAR, norm VARCHAR, domain VARCHAR)')
  const unchanged = Object.values(UNCHANGED_BY_NORMALISE_URL)
    .map((pattern) => `regexp_matches(u, ${literal(pattern)})`)
    .join(' OR ')
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT u FROM (SELECT unnest(urls) AS u FROM rows WHERE NOT reshare) WHERE u IS NOT NULL AND NOT (${unchanged})`,
  )
  const appender = await connection.createAppender('url_map')
  for (const [raw] of reader.getRowsJS()) {
    const url = String(raw)
    const norm = normaliseUrl(url)
    appender.appendVarchar(url)
    appender.appendVarchar(norm)
    const domain = domainOf(norm)
    if (domain === undefined) appender.appendNull()
    else appender.appendVarchar(domain)
    appender.endRow()
  }
  appender.closeSync()
}
