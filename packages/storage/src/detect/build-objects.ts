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
    SELECT (row_number() OVER ())::INTEGER AS pid, p.post, p.account, a.aid, p.t, p.reshare, p.ntext FROM (
      SELECT post, account, min(t) AS t, bool_or(reshare) AS reshare, any_value(ntext) AS ntext
      FROM rows GROUP BY account, post) p JOIN acct a USING (account)`)
  if (signals.includes('co-link') || signals.includes('co-domain')) await buildUrlMap(connection)
  const parts: string[] = []
  const from = (where: string) => `FROM rows r JOIN posts p USING (account, post) WHERE ${where}`
  const listOf = (column: string) => `(SELECT account, post, unnest(${column}) AS v FROM rows WHERE NOT reshare)`
  for (const signal of signals) {
    const sig = signalId(signal)
    const sel = (key: string) => `SELECT ${sig}::UTINYINT AS sig, ${key} AS key, p.pid, p.aid, p.t`
    if (signal === 'co-reshare') {
      parts.push(
        `${sel(`coalesce(r.reshare_of, 'text:' || r.ntext)`)} ${from('r.reshare AND coalesce(r.reshare_of, r.ntext) IS NOT NULL')}`,
      )
    } else if (signal === 'co-link') {
      parts.push(`${sel('m.norm')} FROM ${listOf('urls')} l JOIN url_map m ON m.raw = l.v JOIN posts p USING (account, post)`)
    } else if (signal === 'co-domain') {
      const excluded = SHORTENER_DOMAINS.map((d) => `'${d}'`).join(', ')
      parts.push(
        hasDomainColumn
          ? `${sel('lower(l.v)')} FROM ${listOf('domains')} l JOIN posts p USING (account, post)`
          : `${sel('m.domain')} FROM ${listOf('urls')} l JOIN url_map m ON m.raw = l.v JOIN posts p USING (account, post)
             WHERE m.domain NOT IN (${excluded})`,
      )
    } else if (signal === 'co-hashtag') {
      parts.push(`${sel(`lower(ltrim(l.v, '#'))`)} FROM ${listOf('hashtags')} l JOIN posts p USING (account, post)`)
    } else if (signal === 'co-mention') {
      parts.push(`${sel(`lower(ltrim(l.v, '@'))`)} FROM ${listOf('mentions')} l JOIN posts p USING (account, post)`)
    } else if (signal === 'co-reply') {
      parts.push(`${sel('r.reply_to')} ${from('NOT r.reshare AND r.reply_to IS NOT NULL')}`)
    } else if (signal === 'co-image') {
      parts.push(`${sel('r.image')} ${from('NOT r.reshare AND r.image IS NOT NULL')}`)
    } else if (signal === 'co-text') {
      parts.push(`${sel('r.ntext')} ${from('NOT r.reshare AND r.ntext IS NOT NULL')}`)
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
