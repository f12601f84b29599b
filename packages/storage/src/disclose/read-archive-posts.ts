import { basename } from 'node:path'
import type { MappableField } from '@vigil/contracts'
import { type ArchivePost, cleanCell, detectFormat, lower, parseTime, VigilError } from '@vigil/core'
import { columnSql, sourceSql } from '../detect/load-rows.js'
import { inputKind, readHeader } from '../detect/read-header.js'
import { createDuckDB } from '../shared/duckdb.js'

const FIELDS = ['account', 'post', 'time', 'text', 'reshare_of', 'reply_to', 'is_reshare', 'account_name', 'followers'] as const

/**
 * The posts of CSV or NDJSON dumps as {@link ArchivePost}s, read as `vigil detect` reads them
 * (the same format recognition and `--map`, the same cell cleaning and time parsing), with
 * the raw text. Records without an account or a readable time are left out, as detect
 * leaves them out; a post without an id gets `<file>:<line>`.
 */
export async function readArchivePosts(files: readonly string[], map?: Partial<Record<MappableField, string>>): Promise<ArchivePost[]> {
  const instance = await createDuckDB(':memory:')
  const connection = await instance.connect()
  try {
    const posts: ArchivePost[] = []
    for (const file of files) {
      const kind = inputKind(file)
      if (kind === 'parquet') throw new VigilError('DETECT_INPUT_INVALID', `${file}: the archive reads CSV or NDJSON dumps`)
      const header = await readHeader(file, kind)
      const spec = detectFormat(header, map)
      const selects = FIELDS.map((f) => {
        const column = spec.fields[f]?.[0]
        return `${column === undefined ? 'NULL::VARCHAR' : columnSql(kind, column)} AS ${f}`
      })
      const reader = await connection.runAndReadAll(
        `SELECT ${selects.join(', ')}, rn FROM (${sourceSql(file, kind, header, true)}) WHERE ok`,
      )
      for (const r of reader.getRowObjectsJS()) {
        const cell = (f: (typeof FIELDS)[number]) => cleanCell(r[f] as string | null)
        const account = cell('account')
        const rawTime = cell('time')
        const time = rawTime === null ? null : parseTime(rawTime)
        if (account === null || time === null) continue
        const followers = Number(cell('followers') ?? Number.NaN)
        const flag = cell('is_reshare')
        posts.push({
          account,
          post: cell('post') ?? `${basename(file)}:${String(r.rn)}`,
          time: new Date(time),
          text: cell('text'),
          reshareOf: cell('reshare_of'),
          replyTo: cell('reply_to'),
          isReshare: flag !== null && spec.reshareValues.includes(lower(flag)),
          screenName: cell('account_name'),
          followers: Number.isFinite(followers) ? followers : null,
        })
      }
    }
    return posts
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
