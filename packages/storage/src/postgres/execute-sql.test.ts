import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../test-support/index.js'

// pg-boss sends its own SQL, transactions and advisory locks included, through executeSql.
// On PGlite's single connection those must never land inside a Kysely transaction.
describeEachDatabase('executeSql beside Kysely transactions', (database) => {
  beforeAll(async () => {
    await database().executeSql('create table raw_probe (n integer primary key)')
  })

  it('runs several statements, and parameterised ones', async () => {
    await database().executeSql('insert into raw_probe values (100); insert into raw_probe values (101)')
    const result = await database().executeSql('select n from raw_probe where n >= $1 order by n', [100])
    expect(result).toMatchObject({ rows: [{ n: 100 }, { n: 101 }] })
  })

  it('keeps a raw transaction out of a Kysely transaction that rolls back', async () => {
    const { db } = database()
    const events: string[] = []
    let raw: Promise<unknown> = Promise.resolve()
    await expect(
      db.transaction().execute(async (trx) => {
        // On PostgreSQL the raw statement runs on another connection and waits for this lock.
        await sql`select pg_advisory_xact_lock(42)`.execute(trx)
        await sql`insert into raw_probe values (1)`.execute(trx)
        raw = database()
          .executeSql('BEGIN; SELECT pg_advisory_xact_lock(42); INSERT INTO raw_probe VALUES (2); COMMIT;')
          .then(() => events.push('raw'))
        await sql`insert into raw_probe values (3)`.execute(trx)
        events.push('kysely')
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    await raw
    expect(events).toEqual(['kysely', 'raw'])
    const rows = await sql<{ n: number }>`select n from raw_probe where n < 100 order by n`.execute(db)
    expect(rows.rows.map((r) => r.n)).toEqual([2])
  })
})
