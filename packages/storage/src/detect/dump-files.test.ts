import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { isVigilError } from '@vigil/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { importServerDump, listServerDumps, saveDump, storedDumpPath, sweepDumps } from './dump-files.js'

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => (isVigilError(e) ? e.code : String(e)),
  )

describe('dump files', () => {
  let root: string
  let dumps: string
  let uploads: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-dumps-'))
    dumps = join(root, 'dumps')
    uploads = join(root, 'uploads')
    await mkdir(dumps)
    await writeFile(join(dumps, 'posts.csv.gz'), 'not really gzip')
    await writeFile(join(dumps, '.hidden.csv'), 'x')
    await writeFile(join(root, 'secret.csv'), 'outside')
    await symlink(join(root, 'secret.csv'), join(dumps, 'link.csv'))
    await mkdir(join(dumps, 'sub'))
  })

  it('stores a stream by its SHA-256, keeping the suffix detection reads the format by', async () => {
    const body = 'account_id,timestamp\na,1\n'
    const file = await saveDump(uploads, 'Tweets.CSV', Readable.from([body]), 1024)
    expect(file).toEqual({ name: 'Tweets.CSV', size: body.length, sha256: createHash('sha256').update(body).digest('hex') })
    expect(storedDumpPath(uploads, file)).toBe(join(uploads, `${file.sha256}.csv`))
    expect(await readFile(storedDumpPath(uploads, file), 'utf8')).toBe(body)
  })

  it('refuses a stream past the cap and keeps nothing of it', async () => {
    const before = await readdir(uploads)
    expect(await code(saveDump(uploads, 'big.csv', Readable.from(['x'.repeat(600), 'y'.repeat(600)]), 1000))).toBe('PAYLOAD_TOO_LARGE')
    expect(await readdir(uploads)).toEqual(before)
  })

  it('lists only plain, visible files of the dump directory', async () => {
    expect((await listServerDumps(dumps)).map((f) => f.name)).toEqual(['posts.csv.gz'])
    expect(await listServerDumps(join(root, 'absent'))).toEqual([])
  })

  it('copies a listed dump, and nothing else', async () => {
    const copied = await importServerDump(dumps, uploads, 'posts.csv.gz', 1024)
    expect(storedDumpPath(uploads, copied)).toBe(join(uploads, `${copied.sha256}.csv.gz`))
    for (const name of ['../secret.csv', 'sub/../../secret.csv', '/etc/passwd', '.hidden.csv', '..']) {
      expect(await code(importServerDump(dumps, uploads, name, 1024)), name).toBe('VALIDATION_FAILED')
    }
    for (const name of ['link.csv', 'sub', 'absent.csv']) {
      expect(await code(importServerDump(dumps, uploads, name, 1024)), name).toBe('NOT_FOUND')
    }
  })

  it('sweeps the dumps no run needs and half-written uploads, once older than the grace', async () => {
    const dir = join(root, 'sweep')
    const kept = await saveDump(dir, 'kept.csv', Readable.from(['kept\n']), 1024)
    const done = await saveDump(dir, 'done.ndjson.gz', Readable.from(['done\n']), 1024)
    const fresh = await saveDump(dir, 'fresh.csv', Readable.from(['fresh\n']), 1024)
    await writeFile(join(dir, '.upload-crashed'), 'half')
    await writeFile(join(dir, 'notes.txt'), 'not a dump')
    const hourAgo = new Date(Date.now() - 3_600_000)
    for (const name of [`${kept.sha256}.csv`, `${done.sha256}.ndjson.gz`, '.upload-crashed', 'notes.txt']) {
      await utimes(join(dir, name), hourAgo, hourAgo)
    }
    const inUse = new Set([kept.sha256])
    const deleted = await sweepDumps(dir, inUse, new Date(Date.now() - 60_000))
    expect(deleted).toEqual([`${done.sha256}.ndjson.gz`, '.upload-crashed'].sort())
    expect((await readdir(dir)).sort()).toEqual([`${fresh.sha256}.csv`, `${kept.sha256}.csv`, 'notes.txt'].sort())
    expect(await sweepDumps(join(root, 'absent'), inUse, new Date())).toEqual([])
  })
})
