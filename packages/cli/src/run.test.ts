import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MigrateResult } from '@vigil/contracts'
import { openDatabase } from '@vigil/storage'
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
    for (const command of ['serve', 'migrate', 'import', 'export']) {
      const io = captureIo()
      expect(await run([command, '--help'], io)).toBe(0)
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
