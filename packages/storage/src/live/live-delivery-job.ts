import { OrgId } from '@vigil/contracts'
import { CompiledQuery, type Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../postgres/database-schema.js'

/** One delivery of one alert: to a webhook, or into the feed's STIX collection. A job of the delivery queue. */
export const LiveDeliveryJob = z.object({
  orgId: OrgId,
  feed: z.string(),
  alertId: z.number().int().positive(),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('webhook'), webhookId: z.uuid() }),
    z.object({ kind: z.literal('stix') }),
  ]),
})
export type LiveDeliveryJob = z.infer<typeof LiveDeliveryJob>

/** Raw SQL inside one transaction, as pg-boss's `db` option takes it. */
export interface TransactionSql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

/**
 * Queues deliveries inside the transaction that stores their alerts (pg-boss's `send` with
 * that transaction's `TransactionSql`), so an alert and its deliveries are committed together.
 */
export type EnqueueDeliveries = (tx: TransactionSql, jobs: readonly LiveDeliveryJob[]) => Promise<void>

/** The transaction as raw SQL, for a queue to write its jobs with. */
export function transactionSql(trx: Kysely<Database>): TransactionSql {
  return { executeSql: async (text, values) => trx.executeQuery(CompiledQuery.raw(text, values ?? [])) as Promise<{ rows: unknown[] }> }
}
