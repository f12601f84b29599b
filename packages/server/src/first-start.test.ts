import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { AuditCheckpoint, SessionInfo } from '@vigil/contracts'
import { loadConfig } from '@vigil/core'
import { checkpointPaths } from '@vigil/storage'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer } from './main.js'

describe('the first vigil serve on an empty database', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-first-'))
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const config = loadConfig({ VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' })

  it('creates an instance admin with a one-time password it never logs, and checkpoints the audit log on stop', async () => {
    const logStream = new PassThrough()
    let logs = ''
    logStream.on('data', (c) => {
      logs += String(c)
    })
    const server = await startServer(config, { logDestination: logStream })
    const admin = server.bootstrapAdmin
    expect(admin?.email).toBe('admin@vigil.invalid')
    expect(admin?.password).toMatch(/^[\w-]{24}$/)

    const res = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin?.email, password: admin?.password }),
    })
    expect(res.status).toBe(200)
    const info = SessionInfo.parse(await res.json())
    expect(info).toMatchObject({ roles: ['admin'], pending: 'totp-enrolment' })
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/)
    await server.close()
    expect(logs).toContain('Vigil is listening')
    expect(logs).not.toContain(admin?.password ?? '')

    const checkpoint = AuditCheckpoint.parse(JSON.parse(await readFile(checkpointPaths(dataDir).latest, 'utf8')))
    expect(checkpoint.seq).toBeGreaterThanOrEqual(3)
    expect(logs).toContain(checkpoint.signature)

    const again = await startServer(config, { logDestination: new PassThrough() })
    expect(again.bootstrapAdmin).toBeNull()
    await again.close()
  }, 90_000)
})
