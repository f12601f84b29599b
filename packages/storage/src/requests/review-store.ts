import type { KeyObject } from 'node:crypto'
import type { AssessmentSettings } from '@vigil/contracts'
import {
  type AccountDataSource,
  type Clock,
  describeActor,
  type NoticeChanges,
  type ReviewDeps,
  type ReviewStore,
  systemClock,
} from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { toAuditEntry } from '../audit/audit-reader.js'
import type { Database } from '../postgres/database-schema.js'
import { queueAgencyWarning } from './agency-warnings.js'
import { loadDirectory } from './directory-store.js'
import { createDisclosurePackager } from './disclosure-package.js'
import { isRequestId, toStoredRequest } from './request-row.js'

async function applyNoticeChanges(trx: Kysely<Database>, requestId: string, changes: NoticeChanges, now: Date): Promise<void> {
  if (changes.queue) {
    const { status, notBefore, recipients } = changes.queue
    await trx.deleteFrom('requests_notice').where('request_id', '=', requestId).where('status', 'in', ['held', 'queued']).execute()
    if (recipients.length > 0) {
      await trx
        .insertInto('requests_notice')
        .values(
          recipients.map((r) => ({
            request_id: requestId,
            account_id: r.accountId,
            recipient: r.email,
            status,
            not_before: notBefore,
            created_at: now,
          })),
        )
        .execute()
    }
  }
  if (changes.releaseUndated) {
    await trx
      .updateTable('requests_notice')
      .set({ status: 'queued', not_before: changes.releaseUndated })
      .where('request_id', '=', requestId)
      .where('status', '=', 'held')
      .where('not_before', 'is', null)
      .execute()
  }
  if (changes.cancel) {
    await trx
      .updateTable('requests_notice')
      .set({ status: 'cancelled' })
      .where('request_id', '=', requestId)
      .where('status', 'in', ['held', 'queued'])
      .execute()
  }
}

/**
 * The review store over one database: requests read without authorization (core applies the
 * party rule) and each action's change, thread messages, audit entries, notices, package and
 * agency warning written in one transaction.
 */
export function createReviewStore(db: Kysely<Database>): ReviewStore {
  return {
    find: async (id) => {
      if (!isRequestId(id)) return undefined
      const row = await db.selectFrom('requests_request').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toStoredRequest(row)
    },
    list: async (scope, limit) => {
      const rows = await db
        .selectFrom('requests_request')
        .selectAll()
        .where((eb) =>
          eb.or([
            ...(scope.agencyOrgId ? [eb('agency_org_id', '=', scope.agencyOrgId)] : []),
            ...(scope.platformOrgId ? [eb('platform_org_id', '=', scope.platformOrgId)] : []),
          ]),
        )
        .orderBy('received_at', 'desc')
        .limit(limit)
        .execute()
      return rows.map(toStoredRequest)
    },
    messages: (id) =>
      db.selectFrom('requests_message').select(['side', 'author', 'text', 'at']).where('request_id', '=', id).orderBy('id').execute(),
    directory: () => loadDirectory(db),
    change: (id, decide, now) =>
      db.transaction().execute(async (trx) => {
        if (!isRequestId(id)) return undefined
        const locked = await trx.selectFrom('requests_request').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
        if (!locked) return undefined
        const { transition: t, effects = {} } = decide(toStoredRequest(locked))
        const r = t.record
        const actor = t.audit.actor
        const row = await trx
          .updateTable('requests_request')
          .set({
            state: r.state,
            approved_categories: JSON.stringify(r.approvedCategories),
            pending_conditions: JSON.stringify(r.pendingConditions),
            decided_by: r.decidedBy,
            preserve_until: r.preserveUntil,
            extensions: r.extensions,
            reject_code: r.rejectCode,
            suspected_fraud: locked.suspected_fraud || t.securityEvent !== undefined,
            ...(r.state !== locked.state ? { state_entered_at: now } : {}),
            ...(r.state === 'disclosed' ? { disclosed_at: now } : {}),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow()
        const messages = [...(t.message ? [t.message] : []), ...(effects.messages ?? [])]
        for (const m of messages) {
          await trx
            .insertInto('requests_message')
            .values({ request_id: id, author: describeActor(actor), side: m.from, text: m.text, at: now })
            .execute()
        }
        await appendAudit(trx, t.audit, now)
        for (const event of effects.audit ?? []) await appendAudit(trx, event, now)
        if (effects.agencyWarning) await queueAgencyWarning(trx, actor, id, effects.agencyWarning, now)
        if (effects.notices) await applyNoticeChanges(trx, id, effects.notices, now)
        if (effects.package) {
          const p = effects.package
          await trx
            .insertInto('requests_package')
            .values({
              id: p.id,
              request_id: id,
              token_hash: p.tokenHash,
              sha256: p.sha256,
              manifest: JSON.stringify(p.manifest),
              content: p.content,
              created_at: now,
              expires_at: p.expiresAt,
            })
            .execute()
        }
        return toStoredRequest(row)
      }),
    findPackage: async (requestId, tokenHash) => {
      const p = await db
        .selectFrom('requests_package')
        .select(['id', 'sha256', 'created_at', 'expires_at', 'purged_at', 'content'])
        .where('request_id', '=', requestId)
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()
      return (
        p && { id: p.id, sha256: p.sha256, createdAt: p.created_at, expiresAt: p.expires_at, purgedAt: p.purged_at, content: p.content }
      )
    },
    packages: async (requestId) => {
      const rows = await db
        .selectFrom('requests_package')
        .select(['id', 'sha256', 'created_at', 'expires_at', 'purged_at'])
        .where('request_id', '=', requestId)
        .orderBy('created_at')
        .execute()
      return rows.map((p) => ({ id: p.id, sha256: p.sha256, createdAt: p.created_at, expiresAt: p.expires_at, purgedAt: p.purged_at }))
    },
    document: (requestId) =>
      db.selectFrom('requests_document').select(['filename', 'sha256', 'content']).where('request_id', '=', requestId).executeTakeFirst(),
    events: async (requestId, limit) => {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('target_type', '=', 'data_request')
        .where('target_id', '=', requestId)
        .orderBy('seq')
        .limit(limit)
        .execute()
      return rows.map(toAuditEntry)
    },
    audit: async (event, now) => {
      await appendAudit(db, event, now)
    },
  }
}

/**
 * The review use cases' ports over one database, as the server, the CLI and the jobs wire them;
 * without a signing key nothing can be disclosed.
 */
export function createReviewDeps(
  db: Kysely<Database>,
  accounts: AccountDataSource,
  settings: AssessmentSettings,
  options: { readonly clock?: Clock; readonly signingKey?: KeyObject } = {},
): ReviewDeps {
  return {
    store: createReviewStore(db),
    accounts,
    ...(options.signingKey ? { packager: createDisclosurePackager(options.signingKey) } : {}),
    clock: options.clock ?? systemClock,
    settings,
  }
}
