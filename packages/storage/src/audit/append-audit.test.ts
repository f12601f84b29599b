import { GENESIS_HASH, hashAuditEntry, systemActor } from '@vigil/core'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../test-support/index.js'
import { appendAudit } from './append-audit.js'

describeEachDatabase('audit log appends', (database) => {
  it('chains each entry to the one before, starting from the genesis hash', async () => {
    const { db } = database()
    const actor = systemActor('test')
    const first = await appendAudit(db, { actor, action: 'test.first', outcome: 'success' }, new Date('2026-01-01T00:00:00Z'))
    const second = await appendAudit(
      db,
      { actor, action: 'test.second', outcome: 'denied', target: { type: 'org', id: 'o1' }, details: { b: 1, a: [2] } },
      new Date('2026-01-01T00:00:01Z'),
    )
    expect(first.seq).toBe(1)
    expect(first.prevHash).toBe(GENESIS_HASH)
    expect(second.prevHash).toBe(first.hash)
    const { prevHash, hash, ...content } = second
    expect(hashAuditEntry(prevHash, content)).toBe(hash)
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    expect(rows.map((r) => [Number(r.seq), r.action, r.hash])).toEqual([
      [1, 'test.first', first.hash],
      [2, 'test.second', second.hash],
    ])
    expect(rows[1]?.details).toEqual({ b: 1, a: [2] })
  })

  it('writes nothing when the transaction it joined rolls back', async () => {
    const { db } = database()
    const before = await db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor: systemActor('test'), action: 'test.rolled-back', outcome: 'success' }, new Date())
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    const after = await db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('keeps one unbroken chain under concurrent appends', async () => {
    const { db } = database()
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit(db, { actor: systemActor(`w${i}`), action: 'test.concurrent', outcome: 'success' }, new Date()),
      ),
    )
    const rows = await db.selectFrom('audit_log').select(['seq', 'prev_hash', 'hash']).orderBy('seq').execute()
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash)
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1))
  })
})
