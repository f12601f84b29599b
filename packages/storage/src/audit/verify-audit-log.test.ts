import { type ChainHead, type ChainVerdict, systemActor } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import type { Database } from '../postgres/database-schema.js'
import { describeEachDatabase } from '../test-support/index.js'
import { appendAudit } from './append-audit.js'
import { auditHead, verifyAuditLog } from './verify-audit-log.js'

const N = 6
class Rollback extends Error {}

describeEachDatabase('audit log verification', (database) => {
  let checkpoint: ChainHead
  beforeAll(async () => {
    const { db } = database()
    for (let i = 1; i <= N; i++) {
      await appendAudit(
        db,
        {
          actor: systemActor(`worker-${i}`),
          action: `test.act${i}`,
          outcome: 'success',
          ...(i % 2 ? { target: { type: 'org', id: `org-${i}` }, requestId: `req-${i}` } : {}),
          details: { n: i, note: `entry number ${i}`, nested: { list: [i, 'x'] } },
        },
        new Date(Date.UTC(2026, 2, 1, 12, 0, i, 250)),
      )
    }
    checkpoint = (await auditHead(db)) as ChainHead
  })

  /** Runs `tamper` with the append-only triggers dropped, verifies, and rolls everything back. */
  async function tampered(tamper: (trx: Kysely<Database>) => Promise<unknown>, withCheckpoint = true): Promise<ChainVerdict> {
    let verdict: ChainVerdict | undefined
    await database()
      .db.transaction()
      .execute(async (trx) => {
        await sql`drop trigger audit_log_append_only on audit_log`.execute(trx)
        await tamper(trx)
        verdict = await verifyAuditLog(trx, withCheckpoint ? checkpoint : undefined)
        throw new Rollback()
      })
      .catch((err) => {
        if (!(err instanceof Rollback)) throw err
      })
    if (!verdict) throw new Error('no verdict')
    return verdict
  }

  it('finds the untouched log intact', async () => {
    expect(await verifyAuditLog(database().db, checkpoint)).toEqual({ ok: true, entries: N, head: checkpoint })
  })

  it('refuses UPDATE, DELETE and TRUNCATE through its triggers', async () => {
    const { db } = database()
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from audit_log where seq = ${N}`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/)
    expect((await verifyAuditLog(db, checkpoint)).ok).toBe(true)
  })

  // One flipped bit in one byte of every text column of every entry.
  const TEXT_COLUMNS = ['actor', 'action', 'target_type', 'target_id', 'request_id', 'prev_hash', 'hash'] as const
  it.each(TEXT_COLUMNS)('names the entry when one byte of %s changes, in any entry', async (column) => {
    for (let seq = 1; seq <= N; seq++) {
      for (const position of [1, 3]) {
        const verdict = await tampered((trx) =>
          sql`update audit_log set ${sql.ref(column)} = case when ${sql.ref(column)} is null or length(${sql.ref(column)}) < ${position} then coalesce(${sql.ref(column)}, '') || 'x'
              else overlay(${sql.ref(column)} placing chr(ascii(substr(${sql.ref(column)}, ${position}, 1)) # 1) from ${position} for 1) end
              where seq = ${seq}`.execute(trx),
        )
        expect(verdict, `${column} of entry ${seq} at ${position}`).toMatchObject({ ok: false, seq })
      }
    }
  })

  it('names the entry when its details, outcome or time change, even by one microsecond', async () => {
    const changes = [
      sql`details = jsonb_set(details, '{n}', to_jsonb((details->>'n')::int # 1))`,
      sql`details = jsonb_set(details, '{note}', to_jsonb(replace(details->>'note', 'entry', 'entrz')))`,
      sql`details = details || '{"extra": true}'::jsonb`,
      sql`outcome = 'denied'`,
      sql`at = at + interval '1 millisecond'`,
      sql`at = at + interval '1 microsecond'`,
    ]
    for (const change of changes) {
      for (const seq of [1, 4, N]) {
        const verdict = await tampered((trx) => sql`update audit_log set ${change} where seq = ${seq}`.execute(trx))
        expect(verdict).toMatchObject({ ok: false, seq, reason: 'hash-mismatch' })
      }
    }
  })

  it('detects a deleted entry, first, middle or last', async () => {
    expect(await tampered((trx) => sql`delete from audit_log where seq = 1`.execute(trx))).toMatchObject({
      ok: false,
      seq: 1,
      reason: 'sequence-gap',
    })
    expect(await tampered((trx) => sql`delete from audit_log where seq = 3`.execute(trx))).toMatchObject({
      ok: false,
      seq: 3,
      reason: 'sequence-gap',
    })
    expect(await tampered((trx) => sql`delete from audit_log where seq = ${N}`.execute(trx))).toMatchObject({
      ok: false,
      seq: N,
      reason: 'missing-tail',
    })
  })

  it('detects reordered entries', async () => {
    const swap = async (trx: Kysely<Database>) => {
      await sql`update audit_log set seq = -2 where seq = 2`.execute(trx)
      await sql`update audit_log set seq = 2 where seq = 3`.execute(trx)
      await sql`update audit_log set seq = 3 where seq = -2`.execute(trx)
    }
    expect(await tampered(swap)).toMatchObject({ ok: false, seq: 2 })
  })

  it('detects a cut-off tail against the signed checkpoint, which the chain alone cannot', async () => {
    const cut = (trx: Kysely<Database>) => sql`delete from audit_log where seq > ${N - 2}`.execute(trx)
    expect(await tampered(cut, false)).toMatchObject({ ok: true, entries: N - 2 })
    expect(await tampered(cut)).toMatchObject({ ok: false, seq: N - 1, reason: 'missing-tail' })
    expect(await tampered((trx) => sql`delete from audit_log`.execute(trx))).toMatchObject({ ok: false, seq: 1, reason: 'missing-tail' })
  })
})
