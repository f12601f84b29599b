import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MigrateResult } from '@vigil/contracts'
import { openDatabase } from '@vigil/storage'
import { createScratchDatabase } from '@vigil/storage/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from './run.js'
import { captureIo } from './test-support/capture-io.js'

describe('vigil', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-cli-'))
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('lists its commands in --help', async () => {
    const io = captureIo()
    expect(await run(['--help'], io)).toBe(0)
    expect(io.out()).toMatchSnapshot()
    expect(io.err()).toBe('')
  })

  it('documents each command', async () => {
    const commands = ['serve', 'migrate', 'audit verify', 'admin org create', 'admin user create', 'admin token create']
    for (const command of [
      ...commands,
      'admin collection create',
      'detect',
      'disclose archive',
      'live feed create',
      'live publish',
      'live worker',
      'live export',
      'import',
      'export',
      'psi',
      'psi local',
      'psi run',
    ]) {
      const io = captureIo()
      expect(await run([...command.split(' '), '--help'], io)).toBe(0)
      expect(io.out()).toMatchSnapshot(command)
    }
  })

  it('prints its version', async () => {
    const io = captureIo()
    expect(await run(['--version'], io)).toBe(0)
    expect(io.out().trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('refuses a bad flag with one line and exit code 2', async () => {
    const io = captureIo()
    expect(await run(['serve', '--prot', '80'], io)).toBe(2)
    expect(io.err().trim().split('\n')).toHaveLength(1)
    expect(io.err()).toMatch(/unknown option '--prot'/)
  })

  it('refuses an unknown command with a suggestion', async () => {
    const io = captureIo()
    expect(await run(['migrat'], io)).toBe(2)
    expect(io.err()).toMatch(/unknown command 'migrat'/)
  })

  it('refuses a bad environment value with one line naming it', async () => {
    const io = captureIo({ VIGIL_PORT: 'eighty', VIGIL_DATA_DIR: dataDir })
    expect(await run(['serve'], io)).toBe(2)
    expect(io.err()).toBe("vigil: VIGIL_PORT: expected a port number (got 'eighty')\n")
    expect(io.out()).toBe('')
  })

  it('migrates and says so as JSON on stdout alone', async () => {
    const io = captureIo({ VIGIL_DATA_DIR: dataDir })
    expect(await run(['migrate', '--json'], io)).toBe(0)
    const first = MigrateResult.parse(JSON.parse(io.out()))
    expect(first.database).toBe('pglite')
    expect(first.applied).toContain('0001-foundation')
    expect(io.err()).toBe('')

    const again = captureIo()
    expect(await run(['migrate', '--data-dir', dataDir], again)).toBe(0)
    expect(again.out()).toBe('The database is up to date.\n')
  }, 60_000)

  it('creates the data directory for its user alone: directories 0700, files 0600', async () => {
    const modes = async (dir: string): Promise<string[]> => {
      const found = [`${dir} ${((await stat(dir)).mode & 0o777).toString(8)}`]
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) found.push(...(await modes(path)))
        else found.push(`${path} ${((await stat(path)).mode & 0o777).toString(8)}`)
      }
      return found
    }
    const found = await modes(dataDir)
    expect(found.length).toBeGreaterThan(100)
    expect(found.filter((line) => !/ (700|600)$/.test(line))).toEqual([])
  })

  it('warns when an existing data directory is readable by other users', async () => {
    await chmod(dataDir, 0o755)
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(w.message)
    process.on('warning', onWarning)
    try {
      expect(await run(['migrate', '--data-dir', dataDir], captureIo())).toBe(0)
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', onWarning)
      await chmod(dataDir, 0o700)
    }
    expect(warnings).toEqual([`the data directory ${dataDir} is readable by other users (mode 755); restrict it with chmod 700 ${dataDir}`])
  }, 60_000)

  it('creates a store only in serve and migrate: elsewhere a missing store is named, with how to point at the right one', async () => {
    const missing = join(dataDir, 'elsewhere')
    const io = captureIo({ VIGIL_DATA_DIR: missing })
    expect(await run(['admin', 'org', 'list'], io)).toBe(3)
    expect(io.err()).toBe(
      `vigil: no Vigil store in the data directory ${missing}; point at yours with --data-dir or VIGIL_DATA_DIR, or at a PostgreSQL server with --database-url or VIGIL_DATABASE_URL (\`vigil migrate\` creates a new store)\n`,
    )
    expect(existsSync(missing)).toBe(false)
    for (const argv of [
      ['report', 'transparency', '--period', '2026-H1'],
      ['audit', 'verify'],
      ['export', '--collection', 'c'],
    ]) {
      const other = captureIo({ VIGIL_DATA_DIR: missing })
      expect(await run(argv, other)).not.toBe(0)
      expect(existsSync(missing)).toBe(false)
    }
  })

  it.runIf(process.env.VIGIL_TEST_DATABASE_URL)('names a PostgreSQL store by host and database, never its password', async () => {
    const scratch = await createScratchDatabase({ empty: true })
    try {
      const url = new URL(scratch.url)
      url.password = 's3cret'
      const io = captureIo({ VIGIL_DATABASE_URL: url.toString() })
      expect(await run(['admin', 'org', 'list'], io)).toBe(3)
      expect(io.err()).toContain(`no Vigil store in database ${url.pathname.slice(1)} on ${url.hostname}:${url.port || '5432'};`)
      expect(io.err()).not.toContain('s3cret')
    } finally {
      await scratch.drop()
    }
  })

  it('refuses to touch a data directory another process holds, with exit code 3', async () => {
    const holder = await openDatabase({ dataDir })
    try {
      const io = captureIo({ VIGIL_DATA_DIR: dataDir })
      expect(await run(['migrate'], io)).toBe(3)
      expect(io.err()).toMatch(/^vigil: the data directory .* is in use by another Vigil process/)
    } finally {
      await holder.close()
    }
  }, 60_000)
})
