import type { DuckDBConnection } from '@duckdb/node-api'
import type { BadRow, DetectSignal, MappableField } from '@vigil/contracts'
import { type FormatSpec, VigilError } from '@vigil/core'
import type { InputKind } from './read-header.js'
import { cleanSql, FROM_TEXT, ident, listSql, literal, normalisedTextSql, timeSql } from './sql-text.js'

/** Longest line DuckDB accepts; a longer one is a malformed input, not a bad row. */
export const MAX_LINE_BYTES = 8 << 20

/** What loading the input files into the `rows` table found. */
export interface LoadedRows {
  readonly rows: number
  readonly badRows: number
  readonly firstBadRows: BadRow[]
}

/** Which of the normalised columns the requested signals need. */
function neededColumns(signals: readonly DetectSignal[]) {
  const s = new Set(signals)
  return {
    urls: s.has('co-link') || s.has('co-domain'),
    hashtags: s.has('co-hashtag'),
    mentions: s.has('co-mention'),
    text: s.has('co-text') || s.has('co-similar-text') || s.has('co-reshare'),
  }
}

/** The records of one file, as batch reads them, with `ok` (a readable record) and, when `numbered`, `rn`, its line number. */
export function sourceSql(file: string, kind: InputKind, header: readonly string[], numbered: boolean): string {
  // Numbering forces an ordered, single-threaded pass, so it is asked for only when needed.
  const rn = (offset: number) => (numbered ? `row_number() OVER () + ${offset}` : 'NULL::BIGINT')
  if (kind === 'parquet') return `SELECT *, ${rn(0)} AS rn, true AS ok FROM read_parquet(${literal(file)})`
  if (kind === 'ndjson') {
    // Each line is read as one text field, so a broken line becomes a counted bad row with
    // its line number instead of stopping the reader.
    return `SELECT j, ${rn(0)} AS rn, json_valid(j) AND json_type(j) = 'OBJECT' AS ok FROM read_csv(${literal(file)},
      header=false, auto_detect=false, columns={'j': 'VARCHAR'}, delim='\\x1f', quote='', escape='',
      max_line_size=${MAX_LINE_BYTES}, store_rejects=true)`
  }
  const columns = header.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ')
  return `SELECT *, ${rn(1)} AS rn, true AS ok FROM read_csv(${literal(file)}, header=true,
    auto_detect=false, delim=',', quote='"', escape='"', columns={${columns}}, max_line_size=${MAX_LINE_BYTES},
    store_rejects=true, strict_mode=false)`
}

export function columnSql(kind: InputKind, column: string): string {
  if (kind === 'ndjson') return `CASE WHEN ok THEN (j->>${literal(column)}) END`
  if (kind === 'parquet') return `CAST(${ident(column)} AS VARCHAR)`
  return ident(column)
}

/**
 * The SELECT that turns one file's records into normalised rows: each mapped cell cleaned
 * once, then times, texts and lists parsed, and the post and account numbered by hash
 * (`pid` = hash(account, post), `aid` = hash(account)), so no later step groups or joins
 * on their strings. Rows without a post id are told apart by their line when the format
 * has no post column (`numbered`), otherwise by a random id.
 */
function rowSql(
  spec: FormatSpec,
  kind: InputKind,
  fileIndex: number,
  signals: readonly DetectSignal[],
  source: string,
  numbered: boolean,
): string {
  const cells = Object.entries(spec.fields).flatMap(([f, columns]) =>
    (columns ?? []).map((c, i) => `${cleanSql(columnSql(kind, c))} AS c_${f}_${i}`),
  )
  const has = (f: MappableField) => (spec.fields[f]?.length ?? 0) > 0
  const one = (f: MappableField) => (has(f) ? `c_${f}_0` : 'NULL::VARCHAR')
  const list = (f: 'url' | 'hashtag' | 'mention' | 'domain') => {
    const n = spec.fields[f]?.length ?? 0
    if (n > 0) return Array.from({ length: n }, (_, i) => listSql(`c_${f}_${i}`)).reduce((a, b) => `list_concat(${a}, ${b})`)
    return f !== 'domain' && has('text') ? FROM_TEXT[f](one('text')) : 'NULL::VARCHAR[]'
  }
  const need = neededColumns(signals)
  const truthy = spec.reshareValues.map(literal).join(', ')
  const flag = has('is_reshare') && truthy ? `lower(${one('is_reshare')}) IN (${truthy})` : 'false'
  const fallback = numbered ? `'row:${fileIndex}:' || rn` : `'row:' || uuid()`
  return `SELECT rn AS line,
    hash(${one('account')}, coalesce(${one('post')}, ${fallback})) AS pid, hash(${one('account')}) AS aid,
    ${one('account')} AS account, ${one('account_name')} AS account_name,
    ${timeSql(one('time'))} AS t, ${one('time')} AS raw_time,
    ${need.text ? normalisedTextSql(one('text')) : 'NULL::VARCHAR'} AS ntext,
    coalesce(${one('reshare_of')} IS NOT NULL OR ${flag}, false) AS reshare,
    ${one('reshare_of')} AS reshare_of, ${one('reply_to')} AS reply_to, ${one('image_hash')} AS image,
    ${one('label')} AS label,
    ${need.urls ? list('url') : 'NULL::VARCHAR[]'} AS urls,
    ${need.urls ? list('domain') : 'NULL::VARCHAR[]'} AS domains,
    ${need.hashtags ? list('hashtag') : 'NULL::VARCHAR[]'} AS hashtags,
    ${need.mentions ? list('mention') : 'NULL::VARCHAR[]'} AS mentions,
    ok
    FROM (SELECT rn, ok${cells.map((c) => `, ${c}`).join('')} FROM (${source}))`
}

const BAD = 'NOT ok OR account IS NULL OR t IS NULL'

/**
 * Loads every input file into the `rows` table, one file at a time so that bad rows carry
 * their own file's line numbers. Rows DuckDB cannot parse and rows without an account or
 * a readable time are counted, not dropped silently; `strict` turns the first into an
 * error. A line over {@link MAX_LINE_BYTES} or an unreadable file is always an error.
 * Line numbers cost an ordered pass, so a file with bad values is read a second time, with
 * them, only to report its first bad rows.
 */
export async function loadRows(
  connection: DuckDBConnection,
  input: { files: readonly string[]; spec: FormatSpec; kind: InputKind; header: readonly string[]; strict: boolean },
  signals: readonly DetectSignal[],
): Promise<LoadedRows> {
  const firstBadRows: BadRow[] = []
  let badRows = 0
  const numbered = (input.spec.fields.post?.length ?? 0) === 0
  const select = (index: number, file: string, withLines: boolean) =>
    rowSql(input.spec, input.kind, index, signals, sourceSql(file, input.kind, input.header, withLines), withLines)
  for (const [index, file] of input.files.entries()) {
    const create = index === 0 ? 'CREATE OR REPLACE TABLE rows AS' : 'INSERT INTO rows'
    try {
      await connection.run(`${create} SELECT * EXCLUDE (line, raw_time) FROM (${select(index, file, numbered)})`)
    } catch (err) {
      const message = (err as Error).message.split('\n')[0] ?? ''
      throw new VigilError('DETECT_INPUT_INVALID', `${file}: cannot read: ${message}`, {}, { cause: err })
    }
    const rejects = input.kind === 'parquet' ? [] : await readRejects(connection)
    const over = rejects.find((r) => r.type === 'LINE SIZE OVER MAXIMUM')
    if (over) throw new VigilError('DETECT_INPUT_INVALID', `${file}: line ${over.line} is over ${MAX_LINE_BYTES} bytes`)
    // Bad rows of earlier files are gone already.
    const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM rows WHERE ${BAD}`)
    const badValues = Number(counted.getRowObjectsJS()[0]?.n ?? 0)
    const badHere =
      badValues === 0
        ? []
        : (
            await connection.runAndReadAll(`SELECT line, CASE WHEN NOT ok THEN 'not a JSON object'
                WHEN account IS NULL THEN 'no account' WHEN raw_time IS NULL THEN 'no time'
                ELSE 'unreadable time: ' || left(raw_time, 40) END AS reason
              FROM (${select(index, file, true)}) WHERE ${BAD} ORDER BY line LIMIT 10`)
          ).getRowObjectsJS()
    if (badValues > 0) {
      await connection.run(`DELETE FROM rows WHERE ${BAD}`)
      if (input.kind !== 'parquet') await readRejects(connection)
    }
    const rejected = rejects.map((r) => r.line)
    const here: BadRow[] = [
      ...rejects.slice(0, 10).map((r) => ({ file, line: r.line, reason: r.reason })),
      ...badHere.map((r) => ({ file, line: physicalLine(Number(r.line), rejected), reason: String(r.reason) })),
    ].sort((x, y) => x.line - y.line)
    badRows += rejects.length + badValues
    if (input.strict && here[0]) {
      throw new VigilError('DETECT_INPUT_INVALID', `${file}: line ${here[0].line}: ${here[0].reason} (--strict)`)
    }
    firstBadRows.push(...here.slice(0, 10 - firstBadRows.length))
  }
  const count = await connection.runAndReadAll('SELECT count(*) AS n FROM rows')
  return { rows: Number(count.getRowObjectsJS()[0]?.n ?? 0) + badRows, badRows, firstBadRows }
}

/**
 * The line of a record numbered among the readable ones: every rejected line at or before
 * it shifts it down by one (records spanning several lines are not accounted for).
 */
function physicalLine(recordLine: number, rejectedLines: readonly number[]): number {
  let line = recordLine
  for (const rejected of rejectedLines) {
    if (rejected <= line) line++
    else break
  }
  return line
}

async function readRejects(connection: DuckDBConnection): Promise<{ line: number; type: string; reason: string }[]> {
  const exists = await connection.runAndReadAll(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'reject_errors'`)
  if (Number(exists.getRowObjectsJS()[0]?.n ?? 0) === 0) return []
  const reader = await connection.runAndReadAll(`SELECT line, error_type, error_message FROM reject_errors ORDER BY line, error_type`)
  const rows = reader.getRowObjectsJS().map((r) => ({
    line: Number(r.line),
    type: String(r.error_type),
    reason: String(r.error_message).split('\n')[0] ?? '',
  }))
  await connection.run('DELETE FROM reject_errors')
  // One malformed record can produce several errors on one line: count it once.
  return rows.filter((r, i) => i === 0 || rows[i - 1]?.line !== r.line || r.type === 'LINE SIZE OVER MAXIMUM')
}
