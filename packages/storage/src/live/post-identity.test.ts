import { DuckDBInstance } from '@duckdb/node-api'
import { DetectSignal, type LivePost, type MappableField } from '@vigil/contracts'
import { describeWithShared, GERMAN_ELECTIONS_MAP } from '@vigil/contracts/test-support'
import {
  availableSignals,
  cleanCell,
  detectFormat,
  isBadPost,
  livePostFromCells,
  mergeLivePosts,
  normaliseText,
  parseList,
  parseTime,
  postKeys,
} from '@vigil/core'
import { describe, expect, it } from 'vitest'
import { buildObjects, objectKeys } from '../detect/build-objects.js'
import { loadRows, sourceSql } from '../detect/load-rows.js'
import { inputKind, readHeader } from '../detect/read-header.js'
import { cleanSql, listSql, literal, normalisedTextSql, timeSql } from '../detect/sql-text.js'

async function duck() {
  const connection = await (await DuckDBInstance.create(':memory:')).connect()
  await connection.run("SET TimeZone = 'UTC'")
  return connection
}

describe('the live cell readers read as the batch SQL', () => {
  const cells = [
    ' 1600000000 ',
    '1600000000123',
    '-5',
    '1600000000.5',
    '2020-09-01 10:11',
    '2016-10-01 00:00:00',
    '2020-09-01T10:11:12.345Z',
    '2020-09-01T10:11:12+02:00',
    '2020-02-30 10:00',
    '10/3/2016 7:05',
    '10/03/2016 17:05:09',
    'yesterday',
    '',
    '   ',
    '[a, b]',
    '["#x","#y"]',
    "['a' 'b']",
    'one',
    'a,,b',
    'RT @someone: Hello   World https://t.co/x  ',
    'Plain text',
    'Tab\there\nand line',
    'İstanbul ÉTÉ',
    'x https://a.b/c?d=e, y',
    '1e3',
    '0x10',
    '1_000',
    '.5',
    '-2.5',
    '12.',
    ' \u00a0nbsp\u3000 ',
    ' \u2028line\u2029 ',
    ' \u0085nel\u200b ',
    'ΟΔΟΣ ΣΑ  x',
    'ẞ  Straße',
    'a\u00a0 https://x.y/z\u00a0 ',
  ]

  it('cleans, parses times, lists and normalises text exactly as DuckDB does', async () => {
    const connection = await duck()
    for (const raw of cells) {
      const c = cleanSql(literal(raw))
      const reader = await connection.runAndReadAll(
        `SELECT ${c} AS clean, ${timeSql(c)} AS t, ${listSql(c)} AS list, ${normalisedTextSql(c)} AS text`,
      )
      const [row] = reader.getRowObjectsJS()
      const clean = cleanCell(raw)
      expect(clean, raw).toBe(row?.clean ?? null)
      const t = row?.t === null || row?.t === undefined ? null : Number(row.t)
      expect(clean === null ? null : parseTime(clean), raw).toBe(t)
      expect(parseList(clean), raw).toEqual(row?.list)
      expect(normaliseText(clean), raw).toBe(row?.text ?? null)
    }
  })
})

/** The dumps of `data/cib`, each with the `--map` it needs (the named formats need none). */
const DUMPS: { path: string; map?: Partial<Record<MappableField, string>> }[] = [
  { path: 'data/cib/coortweet/russian_coord_tweets.csv' },
  { path: 'data/cib/coortweet/german_elections.csv', map: GERMAN_ELECTIONS_MAP },
  { path: 'data/cib/ira_538_by_author/tweets_2016-10-01_2016-11-15.csv' },
  { path: 'data/cib/x_io_archive/thailand_092020_tweets_csv_hashed.csv.gz' },
]

/**
 * Batch's (signal, object, post, time) rows of a dump, from its own SQL, against the same
 * rows from the live path: each record read by the batch reader, made a post by
 * `livePostFromCells`, posts spread over records merged, keys from `postKeys`. Posts are
 * compared by batch's own post number, `hash(account, post)`.
 */
for (const dump of DUMPS) {
  describeWithShared(`live keys equal batch objects on ${dump.path.split('/').at(-1)}`, dump.path, (file) => {
    it('gives the same (signal, object, post, time) set for every window-join signal the dump has', async () => {
      const connection = await duck()
      const kind = inputKind(file)
      const header = await readHeader(file, kind)
      const spec = detectFormat(header, dump.map)
      const signals = availableSignals(spec).filter((s) => s !== 'co-similar-text' && s !== 'co-profile')
      const loaded = await loadRows(connection, { files: [file], spec, kind, header, strict: false }, signals)
      const hasDomainColumn = (spec.fields.domain?.length ?? 0) > 0
      await buildObjects(connection, signals, hasDomainColumn)
      await connection.run(`CREATE TABLE batch_keys AS SELECT DISTINCT sig::INTEGER AS sig, key, pid, t
        FROM (${objectKeys(signals, 'rows', hasDomainColumn)})`)

      const records = await connection.runAndReadAll(`SELECT * FROM (${sourceSql(file, kind, header, true)})`)
      const posts = new Map<string, LivePost>()
      let bad = 0
      for (const record of records.getRowObjectsJS()) {
        const cell = (column: string) => {
          const v = record[column]
          return v === null || v === undefined ? null : String(v)
        }
        const post = livePostFromCells(spec, cell, `row:0:${record.rn}`)
        if (isBadPost(post)) {
          bad++
          continue
        }
        const id = `${post.account}\u0000${post.post}`
        const seen = posts.get(id)
        posts.set(id, seen ? mergeLivePosts(seen, post) : post)
      }
      expect(bad).toBe(loaded.badRows)
      await connection.run('CREATE TABLE live_keys (sig INTEGER, key VARCHAR, account VARCHAR, post VARCHAR, t BIGINT)')
      const appender = await connection.createAppender('live_keys')
      let keys = 0
      for (const post of posts.values()) {
        for (const k of postKeys(post, signals)) {
          appender.appendInteger(DetectSignal.options.indexOf(k.signal))
          appender.appendVarchar(k.key)
          appender.appendVarchar(post.account)
          appender.appendVarchar(post.post)
          appender.appendBigInt(BigInt(post.time))
          appender.endRow()
          keys++
        }
      }
      appender.closeSync()
      const live = 'SELECT sig, key, hash(account, post) AS pid, t FROM live_keys'
      const count = async (sql: string) =>
        Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`)).getRowObjectsJS()[0]?.n)
      expect(keys).toBeGreaterThan(0)
      expect(await count('SELECT * FROM batch_keys')).toBe(keys)
      expect(await count(`SELECT * FROM batch_keys EXCEPT ${live}`)).toBe(0)
      expect(await count(`${live} EXCEPT SELECT * FROM batch_keys`)).toBe(0)
      const perSignal = await connection.runAndReadAll('SELECT DISTINCT sig FROM live_keys ORDER BY sig')
      expect(perSignal.getRowObjectsJS().map((r) => DetectSignal.options[Number(r.sig)])).toEqual(signals)
    }, 120_000)
  })
}
