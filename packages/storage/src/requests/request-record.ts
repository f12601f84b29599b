import type { RequestRecord } from '@vigil/contracts'
import { type Actor, partyOf, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { toAuditEntry } from '../audit/audit-reader.js'
import type { Database } from '../postgres/database-schema.js'
import { getRequestForActor } from './requests-store.js'

// A request's events are a few dozen; this bounds a pathological one (a link tried in a loop).
const MAX_EVENTS = 2000

/**
 * The record of one request for a reviewer of its platform: its disclosure packages and
 * its audited events (download attempts included).
 *
 * @throws VigilError `NOT_FOUND` for a request the actor may not see, `AUTH_FORBIDDEN` for its requester
 */
export async function readRequestRecord(db: Kysely<Database>, actor: Actor, requestId: string): Promise<RequestRecord> {
  const request = await getRequestForActor(db, actor, requestId)
  if (partyOf(actor, request) !== 'reviewer')
    throw new VigilError('AUTH_FORBIDDEN', "a request's record is for the reviewers of its platform")
  const packages = await db
    .selectFrom('requests_package')
    .select(['id', 'sha256', 'created_at', 'expires_at', 'purged_at'])
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute()
  const events = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('target_type', '=', 'data_request')
    .where('target_id', '=', requestId)
    .orderBy('seq')
    .limit(MAX_EVENTS)
    .execute()
  return {
    packages: packages.map((p) => ({
      id: p.id,
      sha256: p.sha256,
      createdAt: p.created_at.toISOString(),
      expiresAt: p.expires_at.toISOString(),
      purgedAt: p.purged_at?.toISOString() ?? null,
    })),
    events: events.map(toAuditEntry),
  }
}
