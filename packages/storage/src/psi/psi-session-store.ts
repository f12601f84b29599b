import {
  InitiatorBlinded,
  type OrgId,
  type PsiSessionId,
  ResponderLearns,
  ResponderReply,
  SelectorKind,
  type UserId,
} from '@vigil/contracts'
import type { PsiSessionRecord, PsiSessionStore } from '@vigil/core'
import { type Kysely, type Selectable, sql } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { toAuditEntry } from '../audit/audit-reader.js'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import type { PsiSessionsTable } from './psi-tables.js'

const RECORD_COLUMNS = [
  'id',
  'initiator_org_id',
  'responder_org_id',
  'proposed_by',
  'purpose',
  'kind',
  'max_set_size',
  'responder_learns',
  'status',
  'created_at',
  'accepted_at',
  'expires_at',
  'completed_at',
  'initiator_set_size',
  'responder_set_size',
  'intersection_size',
] as const

type Row = Pick<Selectable<PsiSessionsTable>, (typeof RECORD_COLUMNS)[number]>

function toRecord(row: Row): PsiSessionRecord {
  return {
    id: row.id as PsiSessionId,
    initiatorOrgId: row.initiator_org_id as OrgId,
    responderOrgId: row.responder_org_id as OrgId,
    proposedBy: row.proposed_by as UserId,
    purpose: row.purpose,
    kind: SelectorKind.parse(row.kind),
    maxSetSize: row.max_set_size,
    responderLearns: ResponderLearns.parse(row.responder_learns),
    status: row.status as PsiSessionRecord['status'],
    createdAt: new Date(row.created_at),
    acceptedAt: row.accepted_at ? new Date(row.accepted_at) : null,
    expiresAt: new Date(row.expires_at),
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
    initiatorSetSize: row.initiator_set_size,
    responderSetSize: row.responder_set_size,
    intersectionSize: row.intersection_size,
  }
}

/**
 * PSI sessions in PostgreSQL. Every change writes its audit entry in the same transaction;
 * the blinded messages live in the row only while the session runs.
 */
export function createPsiSessionStore(db: Kysely<Database>): PsiSessionStore {
  return {
    insertWithinLimit(session, limit, audit, now) {
      return auditedChange(db, audit, now, async (trx) => {
        // One lock per pair of organisations, so two proposals at once cannot both pass the limit.
        const pair = [session.initiatorOrgId, session.responderOrgId].sort().join(':')
        await sql`select pg_advisory_xact_lock(hashtext(${`psi:${pair}`}))`.execute(trx)
        const { count } = await trx
          .selectFrom('psi_sessions')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('created_at', '>', limit.since)
          .where((eb) =>
            eb.or([
              eb.and([eb('initiator_org_id', '=', session.initiatorOrgId), eb('responder_org_id', '=', session.responderOrgId)]),
              eb.and([eb('initiator_org_id', '=', session.responderOrgId), eb('responder_org_id', '=', session.initiatorOrgId)]),
            ]),
          )
          .executeTakeFirstOrThrow()
        if (Number(count) >= limit.max) return false
        await trx
          .insertInto('psi_sessions')
          .values({
            id: session.id,
            initiator_org_id: session.initiatorOrgId,
            responder_org_id: session.responderOrgId,
            proposed_by: session.proposedBy,
            purpose: session.purpose,
            kind: session.kind,
            max_set_size: session.maxSetSize,
            responder_learns: session.responderLearns,
            status: session.status,
            created_at: session.createdAt,
            expires_at: session.expiresAt,
          })
          .execute()
        return true
      })
    },
    async find(id) {
      const row = await db.selectFrom('psi_sessions').select(RECORD_COLUMNS).where('id', '=', id).executeTakeFirst()
      return row ? toRecord(row) : undefined
    },
    transition(id, from, change, audit, now) {
      return auditedChange(db, audit, now, async (trx) => {
        const message =
          change.message === undefined
            ? {}
            : change.message === null
              ? { initiator_message: null, responder_message: null }
              : 'initiator' in change.message
                ? { initiator_message: JSON.stringify(change.message.initiator) }
                : { responder_message: JSON.stringify(change.message.responder) }
        const updated = await trx
          .updateTable('psi_sessions')
          .set({
            status: change.status,
            ...(change.acceptedAt ? { accepted_at: change.acceptedAt } : {}),
            ...(change.completedAt ? { completed_at: change.completedAt } : {}),
            ...(change.initiatorSetSize === undefined ? {} : { initiator_set_size: change.initiatorSetSize }),
            ...(change.responderSetSize === undefined ? {} : { responder_set_size: change.responderSetSize }),
            ...(change.intersectionSize === undefined ? {} : { intersection_size: change.intersectionSize }),
            ...message,
          })
          .where('id', '=', id)
          .where('status', '=', from)
          .returning('id')
          .executeTakeFirst()
        return updated !== undefined
      })
    },
    // biome-ignore lint/suspicious/noExplicitAny: one implementation of the two overloads
    async readMessage(id: PsiSessionId, side: 'initiator' | 'responder'): Promise<any> {
      const column = side === 'initiator' ? 'initiator_message' : 'responder_message'
      const row = await db.selectFrom('psi_sessions').select(column).where('id', '=', id).executeTakeFirst()
      const text = row?.[column]
      if (!text) return undefined
      return (side === 'initiator' ? InitiatorBlinded : ResponderReply).parse(JSON.parse(text))
    },
    async listForOrg(orgId) {
      const rows = await db
        .selectFrom('psi_sessions')
        .select(RECORD_COLUMNS)
        .where((eb) => eb.or([eb('initiator_org_id', '=', orgId), eb('responder_org_id', '=', orgId)]))
        .orderBy('created_at', 'desc')
        .limit(500)
        .execute()
      return rows.map(toRecord)
    },
    async clearExpiredMessages(now, audit) {
      const expired = db
        .selectFrom('psi_sessions')
        .select(RECORD_COLUMNS)
        .where('expires_at', '<=', now)
        .where('status', '<>', 'completed')
        .where((eb) => eb.or([eb('initiator_message', 'is not', null), eb('responder_message', 'is not', null)]))
      const cleared: PsiSessionId[] = []
      for (const row of await expired.orderBy('expires_at').execute()) {
        const session = toRecord(row)
        const done = await auditedChange(db, audit(session), now, async (trx) => {
          const updated = await trx
            .updateTable('psi_sessions')
            .set({ initiator_message: null, responder_message: null })
            .where('id', '=', session.id)
            .where('status', '=', session.status)
            .returning('id')
            .executeTakeFirst()
          return updated !== undefined
        })
        if (done) cleared.push(session.id)
      }
      return cleared
    },
    async auditTrail(id) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('target_type', '=', 'psi-session')
        .where('target_id', '=', id)
        .orderBy('seq')
        .execute()
      return rows.map(toAuditEntry)
    },
    async recordRefusal(audit, now) {
      await appendAudit(db, audit, now)
    },
  }
}
