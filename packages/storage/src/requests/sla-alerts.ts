import { DEFAULT_SLA, isSlaBreached, type NoticeMailer, type SlaSettings, slaDeadline, systemActor } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'

/**
 * Alerts a platform's reviewers by e-mail when an emergency arrives and when a request's SLA
 * clock runs out, once per state; each alert is audited. The same facts are in the request list
 * for the UI (`slaDeadline`).
 */
export async function sendSlaAlerts(
  db: Kysely<Database>,
  mailer: NoticeMailer,
  now: Date,
  sla: SlaSettings = DEFAULT_SLA,
): Promise<number> {
  const open = await db
    .selectFrom('requests_request')
    .select(['id', 'process', 'state', 'state_entered_at', 'platform_org_id', 'agency_name', 'last_alert'])
    .where('state', 'in', ['submitted', 'in_review'])
    .execute()
  let sent = 0
  for (const r of open) {
    const process = r.process
    const state = r.state
    const overdue = isSlaBreached(process, state, r.state_entered_at, now, sla)
    const key = overdue ? `${state}:overdue` : process === 'emergency' && state === 'submitted' ? 'submitted:arrived' : null
    if (key === null || r.last_alert === key) continue
    const reviewers = await db
      .selectFrom('users')
      .select('email')
      .where('org_id', '=', r.platform_org_id)
      .where('status', '=', 'active')
      .where(sql<boolean>`roles @> '["reviewer"]'::jsonb`)
      .execute()
    const deadline = slaDeadline(process, state, r.state_entered_at, sla)?.toISOString() ?? ''
    const subject = overdue
      ? `Overdue: ${process.replaceAll('_', ' ')} request from ${r.agency_name} (${state.replaceAll('_', ' ')} since ${r.state_entered_at.toISOString()})`
      : `Emergency request from ${r.agency_name}: decide by ${deadline}`
    for (const { email } of reviewers) await mailer.send({ to: email, subject, text: `${subject}\n\nRequest ${r.id}.` })
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('requests_request').set({ last_alert: key }).where('id', '=', r.id).execute()
      await appendAudit(
        trx,
        {
          actor: systemActor('requests-jobs'),
          action: 'requests.sla.alert',
          target: { type: 'data_request', id: r.id },
          outcome: 'success',
          details: { alert: key, recipients: reviewers.length },
        },
        now,
      )
    })
    sent++
  }
  return sent
}
