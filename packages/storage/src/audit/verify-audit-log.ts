import { type ChainEntry, type ChainHead, type ChainVerdict, createChainVerifier } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../postgres/database-schema.js'

const BATCH = 5000

/**
 * Walks the whole audit log in `seq` order, in batches, and verifies its hash chain (and,
 * given the latest signed checkpoint, that nothing after it was cut off or rewritten).
 *
 * @example
 * const verdict = await verifyAuditLog(db, checkpoint) // { ok: true, entries: 1234, head }
 */
export async function verifyAuditLog(db: Kysely<Database>, checkpoint?: ChainHead): Promise<ChainVerdict> {
  const verifier = createChainVerifier(checkpoint)
  let after = 0
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .select([
        'seq',
        // Microseconds included: a timestamp nudged below the millisecond must still fail.
        sql<string>`to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at_text'),
        'actor',
        'action',
        'target_type',
        'target_id',
        'outcome',
        'request_id',
        'details',
        'prev_hash',
        'hash',
      ])
      .where('seq', '>', String(after))
      .orderBy('seq')
      .limit(BATCH)
      .execute()
    for (const row of rows) {
      const entry: ChainEntry = {
        seq: Number(row.seq),
        at: row.at_text.replace(/(\.\d{3})000Z$/, '$1Z'),
        actor: row.actor,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        outcome: row.outcome,
        requestId: row.request_id,
        details: row.details,
        prevHash: row.prev_hash,
        hash: row.hash,
      }
      if (verifier.push(entry)) return verifier.finish()
      after = entry.seq
    }
    if (rows.length < BATCH) return verifier.finish()
  }
}

/** The newest entry of the audit log, if any. */
export async function auditHead(db: Kysely<Database>): Promise<ChainHead | null> {
  const row = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
  return row ? { seq: Number(row.seq), hash: row.hash } : null
}
