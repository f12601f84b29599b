import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type DetectRunFile, DumpFileName, type ServerDumpFile } from '@vigil/contracts'
import { VigilError } from '@vigil/core'

const STORED = /^([0-9a-f]{64})(\.[a-z.]+)?$/
const TEMP_PREFIX = '.upload-'
const SUFFIX = /(\.(csv|tsv|txt|ndjson|jsonl|json|parquet))?(\.gz)?$/i

/**
 * Where a stored dump lives: `dir/<sha256><suffix>`, content-addressed, keeping the
 * suffix (`.csv.gz`, `.parquet`, …) by which detection tells the format.
 *
 * @example
 * storedDumpPath('/data/uploads', { name: 'ira.csv.gz', size: 10, sha256 }) // /data/uploads/<sha256>.csv.gz
 */
export function storedDumpPath(dir: string, file: DetectRunFile): string {
  return join(dir, `${file.sha256}${(SUFFIX.exec(file.name)?.[0] ?? '').toLowerCase()}`)
}

/**
 * Streams `source` into `dir`, content-addressed by SHA-256: written to a temporary file,
 * hashed on the way, then renamed, so a dump is never half-there and never held in memory.
 *
 * @throws VigilError `PAYLOAD_TOO_LARGE` past `maxBytes` (nothing is kept)
 */
export async function saveDump(dir: string, name: string, source: NodeJS.ReadableStream, maxBytes: number): Promise<DetectRunFile> {
  // Dumps hold people's posts: readable by Vigil's user alone.
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const temp = join(dir, `${TEMP_PREFIX}${randomUUID()}`)
  const hash = createHash('sha256')
  let size = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length
      if (size > maxBytes) {
        done(new VigilError('PAYLOAD_TOO_LARGE', `${name}: larger than the limit of ${maxBytes} bytes`, { limit: maxBytes }))
        return
      }
      hash.update(chunk)
      done(null, chunk)
    },
  })
  try {
    await pipeline(source, meter, createWriteStream(temp, { flags: 'wx', mode: 0o600 }))
    const file = { name, size, sha256: hash.digest('hex') }
    await rename(temp, storedDumpPath(dir, file))
    return file
  } finally {
    await rm(temp, { force: true })
  }
}

/** The dumps the operator put in the server's dump directory (none when it does not exist). */
export async function listServerDumps(dumpDir: string): Promise<ServerDumpFile[]> {
  const entries = await readdir(dumpDir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return []
    throw err
  })
  const files: ServerDumpFile[] = []
  for (const e of entries) {
    if (!e.isFile() || !DumpFileName.safeParse(e.name).success) continue
    const s = await stat(join(dumpDir, e.name))
    files.push({ name: e.name, size: s.size, modified: s.mtime.toISOString() })
  }
  return files.sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * Copies a dump named from the server's dump directory into the uploads directory, so a
 * run (and its retries) reads exactly what it was started on.
 *
 * @throws VigilError `VALIDATION_FAILED` for a name with a directory in it, `NOT_FOUND` when absent
 */
export async function importServerDump(dumpDir: string, uploadsDir: string, name: string, maxBytes: number): Promise<DetectRunFile> {
  const parsed = DumpFileName.safeParse(name)
  if (!parsed.success) throw new VigilError('VALIDATION_FAILED', `${JSON.stringify(name)}: a file name, without directories`)
  const listed = await listServerDumps(dumpDir)
  if (!listed.some((f) => f.name === parsed.data)) throw new VigilError('NOT_FOUND', `no dump named ${parsed.data} on the server`)
  return saveDump(uploadsDir, parsed.data, createReadStream(join(dumpDir, parsed.data)), maxBytes)
}

/**
 * Deletes from the uploads directory what no run needs any more: stored dumps whose SHA-256
 * is not in `inUse`, and uploads a crash left half-written, both only when last written
 * before `writtenBefore` (an upload whose run is being created right now is younger).
 * Dumps hold people's posts: they are kept only while a run may still read them.
 *
 * @returns the names deleted
 */
export async function sweepDumps(dir: string, inUse: ReadonlySet<string>, writtenBefore: Date): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return []
    throw err
  })
  const deleted: string[] = []
  for (const e of entries) {
    const sha256 = STORED.exec(e.name)?.[1]
    const unused = e.name.startsWith(TEMP_PREFIX) || (sha256 !== undefined && !inUse.has(sha256))
    if (!e.isFile() || !unused) continue
    const path = join(dir, e.name)
    const written = await stat(path).catch(() => undefined)
    if (!written || written.mtime >= writtenBefore) continue
    await rm(path, { force: true })
    deleted.push(e.name)
  }
  return deleted.sort()
}
