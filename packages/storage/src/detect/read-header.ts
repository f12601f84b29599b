import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'
import { VigilError } from '@vigil/core'
import { parseCsv } from '../shared/csv.js'

/** The kind of file DuckDB is asked to read, from its name (`.gz` aside). */
export type InputKind = 'csv' | 'ndjson' | 'parquet'

/** A header longer than this is not a header: the file is not what it claims to be. */
export const MAX_HEADER_BYTES = 1 << 20

/** The kind of an input file from its extension: Parquet, NDJSON (`.ndjson`, `.jsonl`, `.json`) or CSV. */
export function inputKind(path: string): InputKind {
  const name = path.toLowerCase().replace(/\.gz$/, '')
  if (name.endsWith('.parquet')) return 'parquet'
  if (/\.(ndjson|jsonl|json)$/.test(name)) return 'ndjson'
  return 'csv'
}

/**
 * The first line of a (possibly gzipped) text file, read as a stream and capped at
 * {@link MAX_HEADER_BYTES}, so a file with no line break is refused without being stored.
 */
export async function readFirstLine(path: string): Promise<string> {
  const gzip = await isGzip(path)
  const raw = createReadStream(path)
  const stream = gzip ? raw.pipe(createGunzip()) : raw
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const nl = chunk.indexOf(0x0a)
      chunks.push(nl >= 0 ? chunk.subarray(0, nl) : chunk)
      size += nl >= 0 ? nl : chunk.length
      if (nl >= 0 || size > MAX_HEADER_BYTES) break
    }
  } catch (err) {
    throw new VigilError('DETECT_INPUT_INVALID', `${path}: cannot read: ${(err as Error).message}`, {}, { cause: err })
  } finally {
    raw.destroy()
  }
  if (size > MAX_HEADER_BYTES) {
    throw new VigilError('DETECT_INPUT_INVALID', `${path}: the first line is over ${MAX_HEADER_BYTES} bytes: not a header`)
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '')
}

/**
 * Streams a gzip file through zlib to its end, so a truncated or corrupt archive is
 * refused with a clear error (DuckDB reads a truncated gzip as if it simply ended).
 */
export async function assertGzipComplete(path: string): Promise<void> {
  if (!(await isGzip(path))) return
  const stream = createReadStream(path).pipe(createGunzip())
  try {
    for await (const _ of stream) {
      // only the end of the stream matters
    }
  } catch (err) {
    throw new VigilError('DETECT_INPUT_INVALID', `${path}: broken gzip: ${(err as Error).message}`, {}, { cause: err })
  }
}

async function isGzip(path: string): Promise<boolean> {
  const head = Buffer.alloc(2)
  const fd = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new VigilError('DETECT_INPUT_INVALID', `${path}: cannot open (${err.code ?? err.message})`, {}, { cause: err })
  })
  try {
    await fd.read(head, 0, 2, 0)
  } finally {
    await fd.close()
  }
  return head[0] === 0x1f && head[1] === 0x8b
}

/** Splits one CSV line (RFC 4180 quotes) into its trimmed fields; none when the line is not CSV. */
export function splitCsvLine(line: string): string[] {
  try {
    return (parseCsv(line)[0] ?? ['']).map((f) => f.trim())
  } catch {
    return []
  }
}

/** The column names of a CSV or NDJSON file (the keys of its first object). */
export async function readHeader(path: string, kind: InputKind): Promise<string[]> {
  const line = await readFirstLine(path)
  if (kind === 'ndjson') {
    try {
      const first: unknown = JSON.parse(line)
      if (first && typeof first === 'object' && !Array.isArray(first)) return Object.keys(first)
    } catch {
      // reported below
    }
    throw new VigilError('DETECT_INPUT_INVALID', `${path}: the first line is not a JSON object`)
  }
  const columns = splitCsvLine(line)
  if (columns.length < 2 || columns.some((c) => c === '')) {
    throw new VigilError('DETECT_INPUT_INVALID', `${path}: the first line is not a CSV header`)
  }
  return columns
}
