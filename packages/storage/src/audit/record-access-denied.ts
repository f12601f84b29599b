import type { Actor } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { appendAudit } from './append-audit.js'

/** The refused call, as the audit log records it. */
export interface DeniedAccess {
  readonly permission: string
  readonly route: string
  readonly method: string
  readonly requestId: string
}

/**
 * Records a refusal of what the caller's role does not grant (`auth.access.denied`), a
 * security event. Nothing else changes, so the entry is its own transaction.
 *
 * @example
 * await recordAccessDenied(db, actor, { permission: 'requests:review', route: '/api/v1/requests/:id/record', method: 'GET', requestId }, now)
 */
export async function recordAccessDenied(db: Kysely<Database>, actor: Actor, denied: DeniedAccess, now: Date): Promise<void> {
  const { requestId, ...details } = denied
  await appendAudit(db, { actor, action: 'auth.access.denied', outcome: 'denied', requestId, details }, now)
}
