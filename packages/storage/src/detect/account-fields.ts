import type { DuckDBConnection } from '@duckdb/node-api'
import type { MappableField } from '@vigil/contracts'
import type { AccountPopulation, AccountProfile, FormatSpec } from '@vigil/core'
import { FEW_FOLLOWERS, SCREEN_NAME_TEMPLATE } from '@vigil/core'
import { columnSql, sourceSql } from './load-rows.js'
import type { InputKind } from './read-header.js'
import { cleanSql, ident, literal } from './sql-text.js'

/** The fields that describe an account rather than a post. */
export const ACCOUNT_FIELDS = [
  'account_created',
  'account_name',
  'profile_text',
  'profile_url',
  'followers',
  'following',
  'client',
] as const
type AccountField = (typeof ACCOUNT_FIELDS)[number]

// Longest values kept: X caps a bio at 160 characters and a URL at a few hundred; anything
// far beyond is a broken or hostile cell, counted as bad rather than compared.
const MAX_CHARS: Readonly<Record<'profile_text' | 'profile_url' | 'client' | 'account_name', number>> = {
  profile_text: 2000,
  profile_url: 2000,
  client: 200,
  account_name: 200,
}

/** The account fields of a format (or `--map`) that its columns carry. */
export function accountFieldsOf(spec: FormatSpec): AccountField[] {
  return ACCOUNT_FIELDS.filter((f) => (spec.fields[f as MappableField]?.length ?? 0) > 0)
}

/** What the account fields of a run came to: the fields present and the bad values of each. */
export interface AccountFieldsRead {
  readonly fields: readonly string[]
  readonly badValues: Readonly<Record<string, number>>
}

/**
 * Reads the account fields of the dump (and of `--accounts`, keyed by its `account` or
 * first column, when it has columns of the same names) into `acct_info`: one row per
 * account with its creation day, screen name, normalised profile text and URL, and the
 * clients it posted with. Unparseable dates, negative or non-numeric counts and over-long
 * texts are counted as bad values and left out; they never stop the run.
 */
export async function readAccountFields(
  connection: DuckDBConnection,
  input: { files: readonly string[]; spec: FormatSpec; kind: InputKind; header: readonly string[]; accountsFile?: string },
): Promise<AccountFieldsRead> {
  const column = (f: MappableField) => input.spec.fields[f]?.[0]
  const sources = input.files.map((file) => {
    const cell = (f: MappableField) => {
      const c = column(f)
      return c ? cleanSql(columnSql(input.kind, c)) : 'NULL::VARCHAR'
    }
    return `SELECT ${cell('account')} AS account, ${ACCOUNT_FIELDS.map((f) => `${cell(f)} AS ${f}`).join(', ')}
      FROM (${sourceSql(file, input.kind, input.header, false)}) WHERE ok`
  })
  if (input.accountsFile) {
    const file = literal(input.accountsFile)
    const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_csv(${file}, header=true, all_varchar=true)`))
      .getRowObjectsJS()
      .map((r) => String(r.column_name))
    const key = columns.includes('account') ? 'account' : columns[0]
    const carried = ACCOUNT_FIELDS.filter((f) => {
      const c = column(f)
      return c !== undefined && columns.includes(c)
    })
    if (key && carried.length > 0) {
      const cell = (f: AccountField) => (carried.includes(f) ? cleanSql(ident(column(f) as string)) : 'NULL::VARCHAR')
      sources.push(`SELECT ${cleanSql(ident(key))} AS account, ${ACCOUNT_FIELDS.map((f) => `${cell(f)} AS ${f}`).join(', ')}
        FROM read_csv(${file}, header=true, all_varchar=true)`)
    }
  }
  const count = (f: string) => `TRY_CAST(${f} AS BIGINT)`
  const date = `coalesce(TRY_CAST(account_created AS DATE), TRY_CAST(TRY_CAST(account_created AS TIMESTAMP) AS DATE))`
  await connection.run(`CREATE OR REPLACE TABLE acct_src AS SELECT * FROM (${sources.join(' UNION ALL ')}) WHERE account IS NOT NULL`)
  const bad: Record<AccountField, string> = {
    account_created: `account_created IS NOT NULL AND ${date} IS NULL`,
    followers: `followers IS NOT NULL AND coalesce(${count('followers')} < 0, true)`,
    following: `following IS NOT NULL AND coalesce(${count('following')} < 0, true)`,
    account_name: `length(account_name) > ${MAX_CHARS.account_name}`,
    profile_text: `length(profile_text) > ${MAX_CHARS.profile_text}`,
    profile_url: `length(profile_url) > ${MAX_CHARS.profile_url}`,
    client: `length(client) > ${MAX_CHARS.client}`,
  }
  const fields = accountFieldsOf(input.spec)
  const badCounts = (
    await connection.runAndReadAll(
      `SELECT ${fields.map((f) => `count(*) FILTER (WHERE ${bad[f]}) AS ${f}`).join(', ') || '0 AS none'} FROM acct_src`,
    )
  ).getRowObjectsJS()[0]
  const ok = (f: AccountField, value: string) => `CASE WHEN NOT (${bad[f]}) THEN ${value} END`
  const normal = (v: string) => `nullif(rtrim(lower(regexp_replace(${v}, '\\s+', ' ', 'g')), '/'), '')`
  await connection.run(`CREATE OR REPLACE TABLE acct_info AS
    SELECT s.account, min(${ok('account_created', date)}) AS created, any_value(${ok('account_name', 'account_name')}) AS screen_name,
      any_value(${ok('profile_text', normal('profile_text'))}) AS profile_text, any_value(${ok('profile_url', normal('profile_url'))}) AS profile_url,
      list(DISTINCT ${ok('client', 'client')}) FILTER (WHERE client IS NOT NULL AND NOT (${bad.client})) AS clients,
      max(${ok('followers', count('followers'))}) AS followers, max(${ok('following', count('following'))}) AS following,
      any_value(f.first_post) AS first_post
    FROM acct_src s LEFT JOIN (SELECT account, CAST(epoch_ms(min(t)) AS DATE) AS first_post FROM rows GROUP BY account) f USING (account)
    GROUP BY s.account`)
  return {
    fields,
    badValues: Object.fromEntries(fields.map((f) => [f, Number(badCounts?.[f] ?? 0)])),
  }
}

const text = (v: unknown) => (v === null || v === undefined ? undefined : String(v))

/**
 * The dump's rates of each account-level value ({@link AccountPopulation}), from `acct_info`
 * (and, when `co-profile` ran, `profile_edges`).
 */
export async function fetchAccountPopulation(connection: DuckDBConnection, profileEdges = false): Promise<AccountPopulation> {
  const all = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS()
  const [totals] = await all(`SELECT count(created) AS with_created,
      count(*) FILTER (WHERE created IS NOT NULL AND first_post IS NOT NULL) AS with_both,
      count(*) FILTER (WHERE first_post - created >= 365) AS dormant,
      count(screen_name) AS with_name, count(*) FILTER (WHERE regexp_full_match(screen_name, ${literal(SCREEN_NAME_TEMPLATE.source.slice(1, -1))})) AS templated,
      count(profile_text) AS with_text, count(profile_url) AS with_url, count(*) FILTER (WHERE len(clients) > 0) AS with_client,
      count(followers) AS with_followers, count(*) FILTER (WHERE followers < ${FEW_FOLLOWERS}) AS few_followers,
      count(*) FILTER (WHERE followers IS NOT NULL AND following IS NOT NULL) AS with_follow_counts,
      count(*) FILTER (WHERE followers IS NOT NULL AND following >= 50 AND following >= 5 * greatest(followers, 1)) AS following_far_more
    FROM acct_info`)
  const counts = async (sql: string) => new Map((await all(sql)).map((r) => [String(r.v), Number(r.n)]))
  return {
    withCreated: Number(totals?.with_created ?? 0),
    createdOn: await counts("SELECT strftime(created, '%Y-%m-%d') AS v, count(*) AS n FROM acct_info WHERE created IS NOT NULL GROUP BY v"),
    withBothDays: Number(totals?.with_both ?? 0),
    dormant: Number(totals?.dormant ?? 0),
    withScreenName: Number(totals?.with_name ?? 0),
    templated: Number(totals?.templated ?? 0),
    withProfileText: Number(totals?.with_text ?? 0),
    profileTexts: await counts(
      'SELECT profile_text AS v, count(*) AS n FROM acct_info WHERE profile_text IS NOT NULL GROUP BY v HAVING n > 1',
    ),
    withProfileUrl: Number(totals?.with_url ?? 0),
    profileUrls: await counts(
      'SELECT profile_url AS v, count(*) AS n FROM acct_info WHERE profile_url IS NOT NULL GROUP BY v HAVING n > 1',
    ),
    withClient: Number(totals?.with_client ?? 0),
    clients: await counts('SELECT v, count(*) AS n FROM (SELECT unnest(clients) AS v FROM acct_info) GROUP BY v'),
    withFollowers: Number(totals?.with_followers ?? 0),
    fewFollowers: Number(totals?.few_followers ?? 0),
    withFollowCounts: Number(totals?.with_follow_counts ?? 0),
    followingFarMore: Number(totals?.following_far_more ?? 0),
    ...(profileEdges ? await profilePopulation(connection) : {}),
  }
}

async function profilePopulation(connection: DuckDBConnection): Promise<{ withProfile: number; profileLinked: number }> {
  const [r] = (
    await connection.runAndReadAll(`SELECT
      (SELECT count(*) FROM acct_info i JOIN acct USING (account) WHERE i.profile_text IS NOT NULL OR i.profile_url IS NOT NULL) AS with_profile,
      (SELECT count(*) FROM (SELECT a FROM profile_edges UNION SELECT b FROM profile_edges)) AS linked`)
  ).getRowObjectsJS()
  return { withProfile: Number(r?.with_profile ?? 0), profileLinked: Number(r?.linked ?? 0) }
}

/** The account profiles of `accounts` from `acct_info`. */
export async function fetchAccountProfiles(
  connection: DuckDBConnection,
  accounts: readonly string[],
  profileEdges = false,
): Promise<Map<string, AccountProfile>> {
  await connection.run('CREATE OR REPLACE TABLE wanted (account VARCHAR)')
  const appender = await connection.createAppender('wanted')
  for (const a of accounts) {
    appender.appendVarchar(a)
    appender.endRow()
  }
  appender.closeSync()
  const rows = (
    await connection.runAndReadAll(`SELECT account, strftime(created, '%Y-%m-%d') AS created, strftime(first_post, '%Y-%m-%d') AS first_post,
      screen_name, profile_text, profile_url, clients, followers, following, ${profileEdges ? 'l.links' : 'NULL'} AS links
      FROM acct_info SEMI JOIN wanted USING (account)
      ${
        profileEdges
          ? `LEFT JOIN (SELECT x.account, list(y.account) AS links FROM (SELECT a AS x, b AS y FROM profile_edges UNION ALL SELECT b, a FROM profile_edges) e
              JOIN acct x ON x.aid = e.x JOIN acct y ON y.aid = e.y GROUP BY x.account) l USING (account)`
          : ''
      }`)
  ).getRowObjectsJS()
  return new Map(
    rows.map((r) => {
      const profile: AccountProfile = {
        account: String(r.account),
        ...optional('created', text(r.created)),
        ...optional('firstPost', text(r.first_post)),
        ...optional('screenName', text(r.screen_name)),
        ...optional('profileText', text(r.profile_text)),
        ...optional('profileUrl', text(r.profile_url)),
        clients: ((r.clients as unknown[] | null) ?? []).map(String),
        ...(r.followers === null || r.followers === undefined ? {} : { followers: Number(r.followers) }),
        ...(r.following === null || r.following === undefined ? {} : { following: Number(r.following) }),
        ...(Array.isArray(r.links) ? { profileLinks: r.links.map(String) } : {}),
      }
      return [profile.account, profile]
    }),
  )
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>)
}
