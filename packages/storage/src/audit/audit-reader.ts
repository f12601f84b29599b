import type { AuditEntry } from '@vigil/contracts'
import type { AuditReader } from '@vigil/core'
import { type Kysely, type Selectable, sql } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import type { AuditLogTable } from './audit-tables.js'

// `%` and `_` in what the user typed match themselves, not any text.
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Reads the audit log for the API, scoped to an organisation when asked: oldest first after
 * a cursor, or newest first before one, filtered in SQL, each entry with the acting user's
 * e-mail address and organisation's name.
 */
export function createAuditReader(db: Kysely<Database>): AuditReader {
  return {
    async listEntries(query) {
      let q = db
        .selectFrom('audit_log as a')
        .leftJoin('users as u', (j) => j.on(sql<boolean>`a.actor = 'user:' || u.id::text`))
        .leftJoin('orgs as o', 'o.id', 'u.org_id')
        .selectAll('a')
        .select(['u.email as actor_email', 'o.name as actor_org'])
        .limit(query.limit)
      q =
        query.order === 'desc'
          ? (query.before === undefined ? q : q.where('a.seq', '<', String(query.before))).orderBy('a.seq', 'desc')
          : q.where('a.seq', '>', String(query.after)).orderBy('a.seq')
      if (query.action) q = q.where('a.action', '=', query.action)
      if (query.actor) {
        const pattern = likePattern(query.actor)
        q = q.where(sql<boolean>`(a.actor = ${query.actor} or u.email ilike ${pattern} or o.name ilike ${pattern})`)
      }
      if (query.from) q = q.where('a.at', '>=', new Date(query.from))
      if (query.to) q = q.where('a.at', '<', new Date(query.to))
      if (query.orgId) {
        const orgId = query.orgId
        q = q.where(
          sql<boolean>`(a.target_id = ${orgId}
            or a.target_id in (select id::text from users where org_id = ${orgId})
            or a.actor in (select 'user:' || id::text from users where org_id = ${orgId}))`,
        )
      }
      return (await q.execute()).map((r) => ({ ...toAuditEntry(r), actorName: r.actor_email, actorOrg: r.actor_org }))
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
