import type { AgencyWarning } from '@vigil/contracts'
import { type Actor, agencyWarningMessage, type NoticeMailer, systemActor } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'

/** Queues the warning to an impersonated agency (§3.1 G1), audited; `run-jobs` sends it. */
export async function queueAgencyWarning(
  trx: Kysely<Database>,
  actor: Actor,
  requestId: string,
  warning: AgencyWarning,
  now: Date,
): Promise<void> {
  const row = await trx
    .insertInto('requests_agency_warning')
    .values({
      request_id: requestId,
      agency: warning.agency,
      country: warning.country,
      recipient: warning.email ?? null,
      phone: warning.phone,
      message: warning.message,
      status: 'queued',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await appendAudit(
    trx,
    {
      actor,
      action: 'requests.agency_warning.queued',
      target: { type: 'data_request', id: requestId },
      outcome: 'success',
      details: { warning: row.id, agency: warning.agency, country: warning.country, email: warning.email ?? null, phone: warning.phone },
    },
    now,
  )
}

/**
 * Sends the queued agency warnings through the mailer, each audited; a failed send stays queued.
 * A warning without a security contact stays queued and is counted: someone must call the
 * directory's number.
 */
export async function deliverAgencyWarnings(
  db: Kysely<Database>,
  mailer: NoticeMailer,
  now: Date,
): Promise<{ sent: number; failed: number; toCall: number }> {
  const due = await db.selectFrom('requests_agency_warning').selectAll().where('status', '=', 'queued').orderBy('created_at').execute()
  let sent = 0
  let failed = 0
  let toCall = 0
  for (const w of due) {
    if (!w.recipient) {
      toCall++
      continue
    }
    try {
      await mailer.send(agencyWarningMessage(w.recipient, w))
    } catch {
      failed++
      continue
    }
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('requests_agency_warning').set({ status: 'sent', sent_at: now }).where('id', '=', w.id).execute()
      await appendAudit(
        trx,
        {
          actor: systemActor('requests-jobs'),
          action: 'requests.agency_warning.sent',
          target: { type: 'data_request', id: w.request_id },
          outcome: 'success',
          details: { warning: w.id, to: w.recipient },
        },
        now,
      )
    })
    sent++
  }
  return { sent, failed, toCall }
}
