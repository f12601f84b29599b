import { CONTENT_CATEGORIES, PARTICULAR_TARGET_TYPES, type TransparencyRecord } from '@vigil/contracts'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'

/**
 * The requests received between `from` and `to` (inclusive days), as the transparency report
 * counts them.
 */
export async function loadTransparencyRecords(db: Kysely<Database>, from: string, to: string): Promise<TransparencyRecord[]> {
  const rows = await db
    .selectFrom('requests_request')
    .selectAll()
    .where('received_at', '>=', new Date(`${from}T00:00:00Z`))
    .where('received_at', '<', new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000))
    .execute()
  const notified = await db
    .selectFrom('requests_notice')
    .select(['request_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '=', 'sent')
    .groupBy('request_id')
    .execute()
  const notices = new Map(notified.map((n) => [n.request_id, Number(n.n)]))
  return rows.map((r) => {
    const body = r.body
    const disclosed = r.disclosed_at !== null
    const approved = r.approved_categories
    const outcome = r.assessment.outcome
    return {
      requestId: r.id,
      receivedOn: r.received_at.toISOString().slice(0, 10),
      country: r.country,
      process: body.process,
      // Only account identifiers name accounts; a hashtag or search term does not (§5).
      accountsSpecified: body.targets.filter((t) => PARTICULAR_TARGET_TYPES.includes(t.type)).length,
      someDataProduced: disclosed,
      rejected: r.reject_code !== null,
      noDataFound: r.state === 'no_records' || (!disclosed && r.reject_code === null && outcome === 'no_records' && r.state === 'closed'),
      contentDisclosed: disclosed && approved.some((c) => CONTENT_CATEGORIES.includes(c)),
      nonContentDisclosed: disclosed && approved.some((c) => !CONTENT_CATEGORIES.includes(c)),
      withNondisclosureOrder: body.nonDisclosureOrder !== undefined,
      usersNotified: notices.get(r.id) ?? 0,
      duplicateOf: r.duplicate_of,
      suspectedFraud: r.suspected_fraud,
    }
  })
}
