import { rm } from 'node:fs/promises'
import { Readiness } from '@vigil/contracts'
import { createMigratedDataDir, createScratchDatabase } from '@vigil/storage/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { exitCode, spawnTs, watchOutput } from '../../server/src/test-support/child-process.js'

const databaseUrl = process.env.VIGIL_TEST_DATABASE_URL

describe('vigil serve as a process', () => {
  const dirs = [`/tmp/vigil-port-a-${process.pid}`, `/tmp/vigil-port-b-${process.pid}`, `/tmp/vigil-pg-${process.pid}`]
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

  it.runIf(databaseUrl)(
    'uses the PostgreSQL server VIGIL_DATABASE_URL names, and stops on SIGTERM',
    async () => {
      const scratch = await createScratchDatabase()
      try {
        const child = spawnTs('packages/cli/src/main.ts', ['serve', '--port', '0', '--data-dir', dirs[2] ?? ''], {
          VIGIL_DATABASE_URL: scratch.url,
        })
        const line = await watchOutput(child.stdout).line(/^Vigil is running at /)
        const url = /at (http:\/\/\S+)/.exec(line)?.[1]
        const ready = Readiness.parse(await (await fetch(`${url}/readyz`)).json())
        expect(ready).toMatchObject({ status: 'ready', database: 'postgres' })
        child.kill('SIGTERM')
        expect(await exitCode(child)).toBe(0)
      } finally {
        await scratch.drop()
      }
    },
    60_000,
  )

  it('ends quietly when the reader of its output has gone (vigil … | head)', async () => {
    const child = spawnTs('packages/cli/src/main.ts', ['--help'])
    // The reader closes before the child writes: its first write meets a closed pipe (EPIPE).
    child.stdout?.destroy()
    const stderr = watchOutput(child.stderr)
    expect(await exitCode(child)).toBe(0)
    expect(stderr.text()).toBe('')
  }, 60_000)

  it('exits non-zero with one line when its port is taken', async () => {
    // Stores migrated from the run's dump: a first start is first-start.test.ts's business.
    await Promise.all([0, 1].map(async (i) => (dirs[i] = await createMigratedDataDir('vigil-port-'))))
    const first = spawnTs('packages/cli/src/main.ts', ['serve', '--port', '0', '--data-dir', dirs[0] ?? ''])
    const line = await watchOutput(first.stdout).line(/^Vigil is running at /)
    const port = /:(\d+) /.exec(line)?.[1] ?? ''
    const second = spawnTs('packages/cli/src/main.ts', ['serve', '--port', port, '--data-dir', dirs[1] ?? ''])
    const stderr = watchOutput(second.stderr)
    expect(await exitCode(second)).not.toBe(0)
    expect(stderr.text()).toMatch(/^vigil: .*EADDRINUSE/m)
    first.kill('SIGTERM')
    expect(await exitCode(first)).toBe(0)
  }, 60_000)
})
