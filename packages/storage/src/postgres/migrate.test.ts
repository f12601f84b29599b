import { type Kysely, sql } from 'kysely'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../test-support/index.js'
import type { Database } from './database-schema.js'
import { migrateToLatest, migrationStatus } from './migrate.js'
import { MIGRATIONS } from './migrations/index.js'

async function tableExists(db: Kysely<Database>, name: string): Promise<boolean> {
  const r = await sql<{ exists: boolean }>`select to_regclass(${name}) is not null as exists`.execute(db)
  return r.rows[0]?.exists === true
}

describeEachDatabase('migrations', (database) => {
  it('leaves a template with every migration applied and none pending', async () => {
    const { db } = database()
    expect(await migrationStatus(db)).toEqual({ applied: Object.keys(MIGRATIONS).length, pending: 0 })
    const again = await migrateToLatest(db)
    expect(again).toEqual({ ok: true, applied: [] })
  })

  it('rolls back every step of a failing run, leaving the database as it was', async () => {
    const { db } = database()
    const broken = {
      ...MIGRATIONS,
      '9998-good': {
        up: async (d: Kysely<Database>) => {
          await d.schema.createTable('migration_probe').addColumn('id', 'integer').execute()
        },
      },
      '9999-bad': {
        up: async (d: Kysely<Database>) => {
          await sql`alter table migration_probe add column broken no_such_type`.execute(d)
        },
      },
    }
    const outcome = await migrateToLatest(db, broken)
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.failed).toBe('9999-bad')
    expect(outcome.error.message).toMatch(/no_such_type/)
    expect(await tableExists(db, 'migration_probe')).toBe(false)
    expect(await migrationStatus(db, broken)).toEqual({ applied: Object.keys(MIGRATIONS).length, pending: 2 })
  })
})
