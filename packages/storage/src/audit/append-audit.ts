import { type AuditEntryContent, type AuditEvent, describeActor, GENESIS_HASH, hashAuditEntry } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { inTransaction } from '../postgres/in-transaction.js'

/** An entry as written: its content, where it sits in the chain, and its hash. */
export interface AuditEntry extends AuditEntryContent {
  readonly prevHash: string
  readonly hash: string
}

/**
 * Appends one event to the hash-chained audit log. Call it with the transaction of the
 * change it records, so that both are written or neither. Appends are serialised by a
 * transaction-scoped advisory lock: two writers reading the same chain head would fork it.
 *
 * @example
 * await db.transaction().execute(async (trx) => { await change(trx); await appendAudit(trx, event, clock.now()) })
 */
export async function appendAudit(db: Kysely<Database>, event: AuditEvent, at: Date): Promise<AuditEntry> {
  const run = async (trx: Kysely<Database>): Promise<AuditEntry> => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx)
    const head = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
    const content: AuditEntryContent = {
      seq: head ? Number(head.seq) + 1 : 1,
      at: at.toISOString(),
      actor: describeActor(event.actor),
      action: event.action,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      outcome: event.outcome,
      requestId: event.requestId ?? null,
      // Hashed as it will read back from jsonb, so verification recomputes the same bytes.
      details: JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>,
    }
    const prevHash = head?.hash ?? GENESIS_HASH
    const hash = hashAuditEntry(prevHash, content)
    await trx
      .insertInto('audit_log')
      .values({
        seq: content.seq,
        at,
        actor: content.actor,
        action: content.action,
        target_type: content.targetType,
        target_id: content.targetId,
        outcome: content.outcome,
        request_id: content.requestId,
        details: JSON.stringify(content.details),
        prev_hash: prevHash,
        hash,
      })
      .execute()
    return { ...content, prevHash, hash }
  }
  return inTransaction(db, run)
}

// An arbitrary constant naming the audit log's advisory lock.
const AUDIT_LOCK_KEY = 7_411_001
