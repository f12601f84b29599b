import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AuditCheckpoint } from '@vigil/contracts'
import { fixedClock, systemActor } from '@vigil/core'
import { checkpointPaths, isCheckpointAuthentic, verifyAuditLog } from '@vigil/storage'
import { appendAudit, describeEachDatabase } from '@vigil/storage/test-support'
import { pino } from 'pino'
import { afterAll, expect, it } from 'vitest'
import { testSecrets } from '../test-support/test-app.js'
import { startAuditCheckpointer } from './audit-checkpointer.js'

describeEachDatabase('the audit checkpointer', (database) => {
  const dirs: string[] = []
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

  it('signs the head every N entries or T seconds, and once more on stop', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-ckpt-'))
    dirs.push(dataDir)
    const { db } = database()
    const clock = fixedClock(new Date('2026-03-01T00:00:00Z'))
    const secrets = testSecrets()
    const lines: string[] = []
    const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(l) })
    const append = (n: number) =>
      Promise.all(
        Array.from({ length: n }, () => appendAudit(db, { actor: systemActor('t'), action: 'test.x', outcome: 'success' }, clock.now())),
      )
    const latest = async () => AuditCheckpoint.parse(JSON.parse(await readFile(checkpointPaths(dataDir).latest, 'utf8')))

    const checkpointer = await startAuditCheckpointer({
      database: database(),
      secrets,
      dataDir,
      logger,
      clock,
      everyEntries: 5,
      everySeconds: 60,
    })
    await append(4)
    await checkpointer.checkpointIfDue()
    await expect(readFile(checkpointPaths(dataDir).latest, 'utf8')).rejects.toThrow(/ENOENT/)

    await append(1)
    await checkpointer.checkpointIfDue()
    const first = await latest()
    expect(first.seq).toBe(5)
    expect(isCheckpointAuthentic(first, secrets.verifyKey)).toBe(true)
    expect(isCheckpointAuthentic({ ...first, seq: 4 }, secrets.verifyKey)).toBe(false)
    expect(lines.some((l) => l.includes('"msg":"audit checkpoint"') && l.includes(first.hash))).toBe(true)

    await append(1)
    await checkpointer.checkpointIfDue()
    expect((await latest()).seq).toBe(5)
    clock.advance(60_000)
    await checkpointer.checkpointIfDue()
    expect((await latest()).seq).toBe(6)

    await append(2)
    await checkpointer.stop()
    const last = await latest()
    expect(last.seq).toBe(8)
    expect(await verifyAuditLog(db, last)).toMatchObject({ ok: true, entries: 8 })
    const history = (await readFile(checkpointPaths(dataDir).history, 'utf8')).trim().split('\n')
    expect(history.map((l) => JSON.parse(l).seq)).toEqual([5, 6, 8])
  })
})
