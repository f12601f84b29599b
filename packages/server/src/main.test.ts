import { rm } from 'node:fs/promises'
import { openDatabase } from '@vigil/storage'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { exitCode, spawnTs, watchOutput } from './test-support/child-process.js'

describe('vigil serve shutting down', async () => {
  const dataDir = await createMigratedDataDir('vigil-shutdown-')
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('lets an in-flight request finish on SIGTERM, then closes the database cleanly', async () => {
    const child = spawnTs('packages/server/src/test-support/slow-server.ts', [dataDir])
    const stdout = watchOutput(child.stdout)
    const stderr = watchOutput(child.stderr)
    const { url } = JSON.parse(await stdout.line(/"url"/)) as { url: string }

    const inFlight = fetch(`${url}/test/slow`)
    await stdout.line(/slow request started/)
    child.kill('SIGTERM')
    const res = await inFlight
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ finished: true })

    const code = await exitCode(child)
    if (code !== 0) console.log(stderr.text())
    expect(code).toBe(0)
    expect(stderr.text()).toMatch(/"signal":"SIGTERM".*closing gracefully/)
    expect(stderr.text()).toContain('Vigil stopped')
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()

    // The lock is released and the embedded database opens without recovery trouble.
    const reopened = await openDatabase({ dataDir })
    const row = await reopened.db.selectFrom('vigil_instance').select('value').where('key', '=', 'instance_id').executeTakeFirst()
    expect(row?.value).toMatch(/^[0-9a-f-]{36}$/)
    await reopened.close()
  }, 90_000)
})
