import type { AuditEvent } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { appendAudit } from './append-audit.js'

/**
 * Runs `change` in a transaction and, when it reports that something changed, appends
 * `audit` in the same transaction: both are written, or neither.
 *
 * @example
 * const changed = await auditedChange(db, event, now, async (trx) => (await trx.updateTable(…).executeTakeFirst()) !== undefined)
 */
export function auditedChange(
  db: Kysely<Database>,
  audit: AuditEvent,
  now: Date,
  change: (trx: Kysely<Database>) => Promise<boolean>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const changed = await change(trx)
    if (changed) await appendAudit(trx, audit, now)
    return changed
  })
}
