import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isVigilError } from '@vigil/core'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrateToLatest } from './migrate.js'
import { openDatabase, redactUrl } from './open-database.js'

describe('embedded PGlite in a data directory', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
  })

  it('keeps data across a restart and refuses a second process while open', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-data-'))
    dirs.push(dataDir)
    const first = await openDatabase({ dataDir })
    expect(first.kind).toBe('pglite')
    const migrated = await migrateToLatest(first.db)
    expect(migrated.ok).toBe(true)
    const id = await first.db.selectFrom('vigil_instance').select('value').where('key', '=', 'instance_id').executeTakeFirstOrThrow()

    const second = openDatabase({ dataDir })
    await expect(second).rejects.toSatisfy((e: unknown) => isVigilError(e, 'STORAGE_LOCKED'))
    await expect(second).rejects.toThrow(/in use by another Vigil process/)

    await first.close()
    const reopened = await openDatabase({ dataDir })
    const again = await reopened.db.selectFrom('vigil_instance').select('value').where('key', '=', 'instance_id').executeTakeFirstOrThrow()
    expect(again.value).toBe(id.value)
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from vigil_migration`.execute(reopened.db)
    expect(rows[0]?.n).toBeGreaterThan(0)
    await reopened.close()
  }, 60_000)
})

describe('PostgreSQL server by URL', () => {
  it('gives one clear error when the server cannot be reached, without the password', async () => {
    const opening = openDatabase({ databaseUrl: 'postgres://vigil:s3cret@127.0.0.1:1/none' })
    await expect(opening).rejects.toSatisfy((e: unknown) => isVigilError(e, 'STORAGE_UNAVAILABLE'))
    await expect(opening).rejects.not.toThrow(/s3cret/)
  })

  it('redacts passwords from URLs', () => {
    expect(redactUrl('postgres://u:pw@h:5432/db')).toBe('postgres://u:***@h:5432/db')
  })
})
