import type { AssessmentSettings } from '@vigil/contracts'
import { actOnRequest, fixedClock, isoDay, type NoticeMailer, noticeMessage, systemActor } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { createAccountDataSource } from './account-store.js'
import { deliverAgencyWarnings } from './agency-warnings.js'
import { purgeExpiredRecords, releaseDueNotices } from './request-upkeep.js'
import { createReviewDeps } from './review-store.js'
import { sendSlaAlerts } from './sla-alerts.js'

const JOBS = systemActor('requests-jobs')

/**
 * Sends the queued notices whose day has come, each audited; a failed send stays queued for the
 * next run. Notices without an address stay queued and are counted: the holder must be told
 * another way.
 */
export async function deliverQueuedNotices(
  db: Kysely<Database>,
  mailer: NoticeMailer,
  now: Date,
): Promise<{ sent: number; failed: number; noAddress: number }> {
  const due = await db
    .selectFrom('requests_notice as n')
    .innerJoin('requests_request as r', 'r.id', 'n.request_id')
    .select(['n.id', 'n.request_id', 'n.recipient', 'r.agency_name', 'r.body', 'r.approved_categories', 'r.received_at'])
    .where('n.status', '=', 'queued')
    .where((eb) => eb.or([eb('n.not_before', 'is', null), eb('n.not_before', '<=', isoDay(now))]))
    .orderBy('n.id')
    .execute()
  let sent = 0
  let failed = 0
  let noAddress = 0
  for (const n of due) {
    if (!n.recipient) {
      noAddress++
      continue
    }
    const body = n.body
    const categories = n.approved_categories.length > 0 ? n.approved_categories : body.categories
    try {
      await mailer.send(
        noticeMessage(n.recipient, { agency: n.agency_name, process: body.process, categories, receivedOn: isoDay(n.received_at) }),
      )
    } catch {
      failed++
      continue
    }
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('requests_notice').set({ status: 'sent', sent_at: now }).where('id', '=', n.id).execute()
      await appendAudit(
        trx,
        {
          actor: JOBS,
          action: 'requests.notice.sent',
          target: { type: 'data_request', id: n.request_id },
          outcome: 'success',
          details: { notice: n.id },
        },
        now,
      )
    })
    sent++
  }
  return { sent, failed, noAddress }
}

/** Releases the preservation holds whose `preserve_until` has passed, each an audited transition (§3.3 P4). */
export async function expireDueHolds(db: Kysely<Database>, now: Date, settings: AssessmentSettings): Promise<number> {
  const due = await db
    .selectFrom('requests_request')
    .select('id')
    .where('state', '=', 'preserved')
    .where('preserve_until', '<', isoDay(now))
    .execute()
  const deps = createReviewDeps(db, createAccountDataSource(db), settings, { clock: fixedClock(now) })
  for (const { id } of due) await actOnRequest(deps, JOBS, id, { type: 'expire_hold' })
  return due.length
}

/** One pass of the portal's periodic work (notices, agency warnings, holds, SLA alerts, retention), for a scheduler or `vigil requests run-jobs`. */
export async function runRequestJobs(db: Kysely<Database>, mailer: NoticeMailer, now: Date, settings: AssessmentSettings) {
  const released = await releaseDueNotices(db, now)
  const notices = await deliverQueuedNotices(db, mailer, now)
  const warnings = await deliverAgencyWarnings(db, mailer, now)
  const holdsReleased = await expireDueHolds(db, now, settings)
  const slaAlerts = await sendSlaAlerts(db, mailer, now)
  const purged = await purgeExpiredRecords(db, now, settings.retentionDays)
  return {
    noticesReleased: released,
    ...notices,
    agencyWarningsSent: warnings.sent,
    agencyWarningsFailed: warnings.failed,
    agencyWarningsToCall: warnings.toCall,
    holdsReleased,
    slaAlerts,
    ...purged,
  }
}
