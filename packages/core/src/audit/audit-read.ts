import type { AuditEntry, AuditPage, AuditQuery, OrgId } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { can } from '../auth/can.js'
import { requirePermission } from '../auth/require-permission.js'

/** What reading the audit log needs of storage. */
export interface AuditReader {
  /** Entries after `after` in `seq` order; with `orgId`, only those by or about that organisation and its users. */
  listEntries(query: AuditQuery & { readonly orgId?: OrgId }): Promise<AuditEntry[]>
}

/**
 * A page of the audit log. The instance admin reads all of it; an auditor reads what its
 * organisation's users did and what was done to them or to the organisation.
 *
 * @example
 * const page = await listAuditEntries(reader, auditor, { after: 0, limit: 100 })
 */
export async function listAuditEntries(reader: AuditReader, actor: Actor, query: AuditQuery): Promise<AuditPage> {
  requirePermission(actor, 'audit:read')
  const scope = can(actor, 'instance:admin') || actor.kind !== 'user' ? {} : { orgId: actor.orgId }
  const entries = await reader.listEntries({ ...query, ...scope })
  const last = entries.at(-1)
  return { entries, next: entries.length === query.limit && last ? last.seq : null }
}
