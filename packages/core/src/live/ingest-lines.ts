import { type LiveBadLine, type LivePost, MappableField } from '@vigil/contracts'
import { detectFormat, type FormatSpec } from '../detect/input-format.js'
import { isBadPost, livePostFromCells } from './live-post.js'

// An API line names its fields as `--map` does (account, post, time, text, url, …): the
// generic format with each field the line has mapped to the column of its own name, so a
// line without `url`, `hashtag` or `mention` has them read from its text, as a dump mapped
// without those columns.
const FIELDS = new Set<string>(MappableField.options)
const formats = new Map<string, FormatSpec>()
function lineFormat(keys: readonly string[]): FormatSpec {
  const fields = keys.filter((k) => FIELDS.has(k))
  const key = fields.join(',')
  let spec = formats.get(key)
  if (!spec) {
    spec = detectFormat(fields, Object.fromEntries(fields.map((f) => [f, f])))
    if (formats.size < 1024) formats.set(key, spec)
  }
  return spec
}

/** The posts of an NDJSON body, and its lines that are none (numbered from 1). */
export interface IngestLines {
  readonly posts: LivePost[]
  readonly bad: LiveBadLine[]
}

/**
 * Reads an NDJSON body of posts, one JSON object a line with the generic fields of `--map`
 * (`account`, `post`, `time`, `text`, `url`, `hashtag`, `mention`, `reshare_of`,
 * `reply_to`, `image_hash`, …; list fields as arrays or as list cells), each made a post by
 * {@link livePostFromCells} exactly as a dump record. Every post needs its `post` id (the
 * stream de-duplicates by it). Blank lines are skipped; a bad line is reported, never fatal.
 *
 * @example
 * readIngestLines('{"account":"a","post":"1","time":"2024-01-01T00:00:00Z","hashtag":["x"]}\nnope')
 * // { posts: [ … ], bad: [{ line: 2, reason: 'not JSON' }] }
 */
export function readIngestLines(body: string): IngestLines {
  const posts: LivePost[] = []
  const bad: LiveBadLine[] = []
  const lines = body.split('\n')
  for (const [index, raw] of lines.entries()) {
    const line = index + 1
    const text = raw.trim()
    if (text === '') continue
    let record: unknown
    try {
      record = JSON.parse(text)
    } catch {
      bad.push({ line, reason: 'not JSON' })
      continue
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      bad.push({ line, reason: 'not a JSON object' })
      continue
    }
    const fields = record as Record<string, unknown>
    const cell = (column: string) => {
      const v = Object.hasOwn(fields, column) ? fields[column] : undefined
      if (v === null || v === undefined) return null
      return typeof v === 'string' ? v : JSON.stringify(v)
    }
    const post = livePostFromCells(lineFormat(Object.keys(fields)), cell, '')
    if (isBadPost(post)) bad.push({ line, reason: post.bad })
    else if (post.post === '') bad.push({ line, reason: 'no post id' })
    else posts.push(post)
  }
  return { posts, bad }
}
