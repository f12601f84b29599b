import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AuditVerifyResult } from '@vigil/contracts'
import { checkpointAuditLog, checkpointPaths, loadOrCreateSecrets, openDatabase } from '@vigil/storage'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

describe('vigil audit verify', async () => {
  const dataDir = await createMigratedDataDir('vigil-audit-')
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const env = { VIGIL_DATA_DIR: dataDir }
  const vigil = async (...argv: string[]) => {
    const io = captureIo(env)
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }
  const withDb = async (fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<unknown>) => {
    const database = await openDatabase({ dataDir })
    try {
      await fn(database.db)
    } finally {
      await database.close()
    }
  }

  it('prints ok N entries, checks the signed checkpoint, and names the missing tail after a cut', async () => {
    expect((await vigil('admin', 'org', 'create', '--name', 'A', '--kind', 'platform')).code).toBe(0)
    expect((await vigil('admin', 'org', 'create', '--name', 'B', '--kind', 'other')).code).toBe(0)
    expect((await vigil('admin', 'org', 'suspend', 'B')).code).toBe(0)

    const noCheckpoint = await vigil('audit', 'verify')
    expect(noCheckpoint).toMatchObject({ code: 0, out: 'ok 3 entries\n' })
    expect(noCheckpoint.err).toMatch(/no signed checkpoint/)

    const secrets = await loadOrCreateSecrets(dataDir, { sessionSecret: undefined, signingKeyPem: undefined })
    await withDb((db) => checkpointAuditLog(db, { dataDir, signingKey: secrets.signingKey, verifyKey: secrets.verifyKey, now: new Date() }))
    const ok = await vigil('audit', 'verify')
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(/^ok 3 entries\ncheckpoint: entry 3, signed .*, verified\n$/)
    expect(AuditVerifyResult.parse(JSON.parse((await vigil('audit', 'verify', '--json')).out))).toMatchObject({
      ok: true,
      entries: 3,
      checkpoint: { seq: 3 },
    })

    await withDb(async (db) => {
      await sql`drop trigger audit_log_append_only on audit_log`.execute(db)
      await sql`delete from audit_log where seq = 3`.execute(db)
    })
    const cut = await vigil('audit', 'verify')
    expect(cut).toMatchObject({ code: 1, out: '' })
    expect(cut.err).toBe('vigil: audit log broken: entry 3: missing: the log ends at 2 but a signed checkpoint vouches for 3 entries\n')
    const json = await vigil('audit', 'verify', '--json')
    expect(json.code).toBe(1)
    expect(AuditVerifyResult.parse(JSON.parse(json.out))).toMatchObject({ ok: false, seq: 3, reason: 'missing-tail' })
  }, 120_000) // eleven commands, each opening the embedded database: slow on a loaded machine

  it('refuses a named checkpoint it cannot read, with exit code 2, before opening the store', async () => {
    const missing = await vigil('audit', 'verify', '--checkpoint', '/nonexistent.json')
    expect(missing).toMatchObject({ code: 2, out: '', err: 'vigil: --checkpoint /nonexistent.json: no such file\n' })
    const directory = await vigil('audit', 'verify', '--checkpoint', dataDir)
    expect(directory).toMatchObject({ code: 2, out: '', err: `vigil: --checkpoint ${dataDir}: cannot read it (EISDIR)\n` })
  })

  it('refuses a checkpoint whose signature does not verify', async () => {
    const path = checkpointPaths(dataDir).latest
    const checkpoint = JSON.parse(await readFile(path, 'utf8'))
    const forged = join(dataDir, 'forged.json')
    await writeFile(forged, JSON.stringify({ ...checkpoint, seq: 2 }))
    const res = await vigil('audit', 'verify', '--checkpoint', forged, '--json')
    expect(res.code).toBe(1)
    expect(AuditVerifyResult.parse(JSON.parse(res.out))).toMatchObject({ ok: false, reason: 'checkpoint-invalid' })
  }, 60_000)
})
