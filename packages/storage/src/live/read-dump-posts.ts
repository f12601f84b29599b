import type { BadRow, LivePost, MappableField } from '@vigil/contracts'
import { detectFormat, isBadPost, livePostFromCells, mergeLivePosts, VigilError } from '@vigil/core'
import { sourceSql } from '../detect/load-rows.js'
import { inputKind, readHeader } from '../detect/read-header.js'
import { createDuckDB } from '../shared/duckdb.js'

/** What one step of reading a dump gives: complete posts, and the records that are none. */
export interface DumpPosts {
  readonly posts: LivePost[]
  readonly bad: BadRow[]
}

/**
 * The posts of dumps as `vigil detect` reads them: the format told by the header (or
 * `map`), records read by batch's own reader, each made a post by `livePostFromCells`
 * (posts without an id named `row:<file>:<record>`, as batch names them), consecutive
 * records of one post merged. Yields one step per chunk of records DuckDB reads, in file order.
 */
export async function* readDumpPosts(
  files: readonly string[],
  map?: Readonly<Partial<Record<MappableField, string>>>,
): AsyncGenerator<DumpPosts> {
  const connection = await (await createDuckDB(':memory:', { threads: '1' })).connect()
  await connection.run("SET TimeZone = 'UTC'")
  for (const [index, file] of files.entries()) {
    const kind = inputKind(file)
    if (kind === 'parquet') throw new VigilError('DETECT_INPUT_INVALID', `${file}: live publishing reads CSV and NDJSON dumps`)
    const header = await readHeader(file, kind)
    const spec = detectFormat(header, map)
    const result = await connection.stream(`SELECT * FROM (${sourceSql(file, kind, header, true)})`)
    let pending: LivePost | undefined
    for await (const rows of result.yieldRowObjectJs()) {
      const posts: LivePost[] = []
      const bad: BadRow[] = []
      for (const record of rows) {
        const json = kind === 'ndjson' && record.ok ? (JSON.parse(String(record.j)) as Record<string, unknown>) : undefined
        const cell = (column: string) => {
          const v = json ? json[column] : record[column]
          if (v === null || v === undefined) return null
          return typeof v === 'string' ? v : kind === 'ndjson' ? JSON.stringify(v) : String(v)
        }
        const line = Number(record.rn)
        const post = record.ok ? livePostFromCells(spec, cell, `row:${index}:${line}`) : { bad: 'not a JSON object' }
        if (isBadPost(post)) {
          bad.push({ file, line, reason: post.bad })
          continue
        }
        if (pending && pending.account === post.account && pending.post === post.post) {
          pending = mergeLivePosts(pending, post)
          continue
        }
        if (pending) posts.push(pending)
        pending = post
      }
      yield { posts, bad }
    }
    if (pending) yield { posts: [pending], bad: [] }
  }
  connection.closeSync()
}
