import type { DuckDBConnection } from '@duckdb/node-api'
import { DetectSignal } from '@vigil/contracts'
import { domainOf, normaliseUrl } from '@vigil/core'

/** The number DuckDB tables use for a signal: its index in {@link DetectSignal}. */
export function signalId(signal: DetectSignal): number {
  return DetectSignal.options.indexOf(signal)
}

// Shorteners name the service, not the site the link leads to: as a co-domain object they
// would link everyone who posted any shortened link.
const SHORTENER_DOMAINS = ['t.co', 'bit.ly', 'ow.ly', 'buff.ly', 'dlvr.it', 'ift.tt', 'goo.gl', 'tinyurl.com', 'fb.me']

/**
 * Builds `acct` (accounts numbered in byte order of their id, so `aid` order is `account`
 * order), `posts` (rows sharing an account and post id are one post: ids of
 * anonymised dumps can collide across accounts) and `obj`: one row per
 * (signal, object, post) with the account and time, the input of the window join.
 * `co-reshare` reads reshares, every other signal original posts.
 */
export async function buildObjects(
  connection: DuckDBConnection,
  signals: readonly DetectSignal[],
  hasDomainColumn: boolean,
): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE acct AS
    SELECT (row_number() OVER (ORDER BY account))::INTEGER AS aid, account, name, label FROM (
      SELECT account, any_value(account_name) AS name, any_value(label) AS label FROM rows GROUP BY account)`)
  await connection.run(`CREATE OR REPLACE TABLE posts AS
    SELECT (row_number() OVER ())::INTEGER AS pid, p.post, p.account, a.aid, p.t, p.reshare FROM (
      SELECT post, account, min(t) AS t, bool_or(reshare) AS reshare FROM rows GROUP BY account, post) p
    JOIN acct a USING (account)`)
  if (signals.includes('co-link') || signals.includes('co-domain')) await buildUrlMap(connection)
  // Each row gets its post's number, account number and time once, so the signals below
  // read one table instead of joining rows to posts for each signal.
  await connection.run(`CREATE OR REPLACE TABLE rp AS
    SELECT r.reshare, r.reshare_of, r.reply_to, r.image, r.ntext, r.urls, r.domains, r.hashtags, r.mentions, p.pid, p.aid, p.t
    FROM rows r JOIN posts p USING (account, post)`)
  const parts: string[] = []
  const from = (where: string) => `FROM rp p WHERE ${where}`
  const listOf = (column: string) => `(SELECT pid, aid, t, unnest(${column}) AS v FROM rp WHERE NOT reshare)`
  for (const signal of signals) {
    const sig = signalId(signal)
    const sel = (key: string) => `SELECT ${sig}::UTINYINT AS sig, ${key} AS key, p.pid, p.aid, p.t`
    if (signal === 'co-reshare') {
      parts.push(
        `${sel(`coalesce(p.reshare_of, 'text:' || p.ntext)`)} ${from('p.reshare AND coalesce(p.reshare_of, p.ntext) IS NOT NULL')}`,
      )
    } else if (signal === 'co-link') {
      parts.push(`${sel('m.norm')} FROM ${listOf('urls')} p JOIN url_map m ON m.raw = p.v`)
    } else if (signal === 'co-domain') {
      const excluded = SHORTENER_DOMAINS.map((d) => `'${d}'`).join(', ')
      parts.push(
        hasDomainColumn
          ? `${sel('lower(p.v)')} FROM ${listOf('domains')} p`
          : `${sel('m.domain')} FROM ${listOf('urls')} p JOIN url_map m ON m.raw = p.v
             WHERE m.domain NOT IN (${excluded})`,
      )
    } else if (signal === 'co-hashtag') {
      parts.push(`${sel(`lower(ltrim(p.v, '#'))`)} FROM ${listOf('hashtags')} p`)
    } else if (signal === 'co-mention') {
      parts.push(`${sel(`lower(ltrim(p.v, '@'))`)} FROM ${listOf('mentions')} p`)
    } else if (signal === 'co-reply') {
      parts.push(`${sel('p.reply_to')} ${from('NOT p.reshare AND p.reply_to IS NOT NULL')}`)
    } else if (signal === 'co-image') {
      parts.push(`${sel('p.image')} ${from('NOT p.reshare AND p.image IS NOT NULL')}`)
    } else if (signal === 'co-text') {
      parts.push(`${sel('p.ntext')} ${from('NOT p.reshare AND p.ntext IS NOT NULL')}`)
    }
  }
  const union =
    parts.length > 0
      ? parts.join('\nUNION ALL\n')
      : 'SELECT NULL::UTINYINT AS sig, NULL::VARCHAR AS key, NULL::INTEGER AS pid, NULL::INTEGER AS aid, NULL::BIGINT AS t WHERE false'
  await connection.run(`CREATE OR REPLACE TABLE obj AS
    SELECT DISTINCT sig, hash(key) AS kid, key, pid, aid, t FROM (${union}) WHERE key IS NOT NULL AND key <> ''`)
}

/** Normalises each distinct URL once, with the one normaliser core shares with the exchange. */
async function buildUrlMap(connection: DuckDBConnection): Promise<void> {
  await connection.run('CREATE OR REPLACE TABLE url_map (raw VARCHAR, norm VARCHAR, domain VARCHAR)')
  const reader = await connection.runAndReadAll(
    'SELECT DISTINCT u FROM (SELECT unnest(urls) AS u FROM rows WHERE NOT reshare) WHERE u IS NOT NULL',
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
