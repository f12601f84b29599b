import type { AuditEntry } from '@vigil/contracts'
import type { AuditReader } from '@vigil/core'
import { type Kysely, type Selectable, sql } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import type { AuditLogTable } from './audit-tables.js'

/** Reads the audit log for the API, scoped to an organisation when asked. */
export function createAuditReader(db: Kysely<Database>): AuditReader {
  return {
    async listEntries(query) {
      let q = db.selectFrom('audit_log').selectAll().where('seq', '>', String(query.after)).orderBy('seq').limit(query.limit)
      if (query.action) q = q.where('action', '=', query.action)
      if (query.orgId) {
        const orgId = query.orgId
        q = q.where(
          sql<boolean>`(target_id = ${orgId}
            or target_id in (select id::text from users where org_id = ${orgId})
            or actor in (select 'user:' || id::text from users where org_id = ${orgId}))`,
        )
      }
      return (await q.execute()).map(toAuditEntry)
    },
  }
}

/** An audit_log row as the API shows it. */
export function toAuditEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    outcome: r.outcome,
    requestId: r.request_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  }
}
