import { isoDay, systemActor } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'

/** Moves held notices whose day has come to the queue (an NDO expired yesterday). */
export async function releaseDueNotices(db: Kysely<Database>, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const released = await trx
      .updateTable('requests_notice')
      .set({ status: 'queued' })
      .where('status', '=', 'held')
      .where('not_before', 'is not', null)
      .where('not_before', '<=', isoDay(now))
      .returning('id')
      .execute()
    if (released.length > 0) {
      await appendAudit(
        trx,
        {
          actor: systemActor('requests-notices'),
          action: 'requests.notice.release',
          outcome: 'success',
          details: { count: released.length },
        },
        now,
      )
    }
    return released.length
  })
}

/**
 * Purges legal documents and disclosure packages older than the retention period (their
 * content; the rows and hashes stay as evidence), audited.
 */
export async function purgeExpiredRecords(
  db: Kysely<Database>,
  now: Date,
  retentionDays: number,
): Promise<{ documents: number; packages: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000)
  return db.transaction().execute(async (trx) => {
    const documents = await trx
      .updateTable('requests_document')
      .set({ content: null, purged_at: now })
      .where('purged_at', 'is', null)
      .where('stored_at', '<', cutoff)
      .returning('request_id')
      .execute()
    const packages = await trx
      .updateTable('requests_package')
      .set({ content: null, purged_at: now })
      .where('purged_at', 'is', null)
      .where('created_at', '<', cutoff)
      .returning('id')
      .execute()
    const result = { documents: documents.length, packages: packages.length }
    if (result.documents + result.packages === 0) return result
    await appendAudit(
      trx,
      {
        actor: systemActor('requests-retention'),
        action: 'requests.retention.purge',
        outcome: 'success',
        details: { ...result, retentionDays, cutoff: cutoff.toISOString() },
      },
      now,
    )
    return result
  })
}
