import { DetectedNetwork, LiveAlert, LiveAlertRules, type OrgId } from '@vigil/contracts'
import { type Actor, decideAlerts, VigilError } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { auditedChange } from '../audit/audited-change.js'
import { parseJson } from '../detect/detect-run-rows.js'
import type { Database } from '../postgres/database-schema.js'
import { type EnqueueDeliveries, transactionSql } from './live-delivery-job.js'
import { alertDeliveryTargets } from './live-webhook-store.js'

/** A feed as the worker names it: its organisation and name. */
export interface LiveFeedRef {
  readonly orgId: OrgId
  readonly name: string
}

const DEFAULT_RULES = LiveAlertRules.parse({})

/** The alerts of live feeds: their thresholds, the last networks each was compared with, and the alerts raised. */
export function createLiveAlertStore(db: Kysely<Database>) {
  type AlertRow = { id: string; feed: string; kind: 'new' | 'growth'; added: unknown; network: unknown; created_at: Date | string }
  const alertOf = (r: AlertRow): LiveAlert =>
    LiveAlert.parse({
      id: Number(r.id),
      feed: r.feed,
      kind: r.kind,
      added: parseJson(r.added),
      network: parseJson(r.network),
      createdAt: new Date(r.created_at).toISOString(),
    })
  const rulesIn = async (trx: Kysely<Database>, feed: LiveFeedRef): Promise<LiveAlertRules> => {
    const row = await trx
      .selectFrom('live_alert_rules')
      .select(['new_accounts', 'growth_accounts'])
      .where('org_id', '=', feed.orgId)
      .where('feed', '=', feed.name)
      .executeTakeFirst()
    return row ? { newAccounts: row.new_accounts, growthAccounts: row.growth_accounts } : DEFAULT_RULES
  }
  return {
    rules: (feed: LiveFeedRef): Promise<LiveAlertRules> => rulesIn(db, feed),

    /** Sets a feed's thresholds, audited. @throws VigilError `NOT_FOUND` without such a feed. */
    async setRules(actor: Actor & { kind: 'user' }, feed: string, rules: LiveAlertRules, now: Date): Promise<LiveAlertRules> {
      const ok = await auditedChange(
        db,
        { actor, action: 'live.alert-rules.set', target: { type: 'live-feed', id: feed }, outcome: 'success', details: { ...rules } },
        now,
        async (trx) => {
          const exists = await trx
            .selectFrom('live_feeds')
            .select('name')
            .where('org_id', '=', actor.orgId)
            .where('name', '=', feed)
            .executeTakeFirst()
          if (!exists) return false
          const values = { new_accounts: rules.newAccounts, growth_accounts: rules.growthAccounts, updated_at: now }
          await trx
            .insertInto('live_alert_rules')
            .values({ org_id: actor.orgId, feed, ...values })
            .onConflict((oc) => oc.columns(['org_id', 'feed']).doUpdateSet(values))
            .execute()
          return true
        },
      )
      if (!ok) throw new VigilError('NOT_FOUND', `no live feed '${feed}'`)
      return rules
    },

    /**
     * Compares a feed's recomputed networks with the previous ones (`decideAlerts` under the
     * feed's rules), stores the alerts raised and the networks as the next comparison's base,
     * in one transaction that serialises recomputations of one feed. A deleted feed raises nothing.
     * With `enqueue`, each alert's deliveries (its feed's webhooks, its STIX publication) are
     * queued in that same transaction.
     */
    async record(feed: LiveFeedRef, networks: readonly DetectedNetwork[], now: Date, enqueue?: EnqueueDeliveries): Promise<LiveAlert[]> {
      return db.transaction().execute(async (trx) => {
        const live = await trx
          .selectFrom('live_feeds')
          .select('name')
          .where('org_id', '=', feed.orgId)
          .where('name', '=', feed.name)
          .forUpdate()
          .executeTakeFirst()
        if (!live) return []
        const state = await trx
          .selectFrom('live_alert_state')
          .select('networks')
          .where('org_id', '=', feed.orgId)
          .where('feed', '=', feed.name)
          .executeTakeFirst()
        const previous = state ? (parseJson(state.networks) as string[][]) : []
        const decisions = decideAlerts(previous, networks, await rulesIn(trx, feed))
        const members = JSON.stringify(networks.map((n) => n.members))
        await trx
          .insertInto('live_alert_state')
          .values({ org_id: feed.orgId, feed: feed.name, networks: members, updated_at: now })
          .onConflict((oc) => oc.columns(['org_id', 'feed']).doUpdateSet({ networks: members, updated_at: now }))
          .execute()
        if (decisions.length === 0) return []
        const rows = await trx
          .insertInto('live_alerts')
          .values(
            decisions.map((d) => ({
              org_id: feed.orgId,
              feed: feed.name,
              kind: d.kind,
              added: JSON.stringify(d.added),
              network: JSON.stringify(DetectedNetwork.parse(d.network)),
              created_at: now,
            })),
          )
          .returning(['id', 'feed', 'kind', 'added', 'network', 'created_at'])
          .execute()
        const alerts = rows.map(alertOf)
        if (enqueue) {
          const targets = await alertDeliveryTargets(trx, feed)
          const jobs = alerts.flatMap((a) => targets.map((target) => ({ orgId: feed.orgId, feed: feed.name, alertId: a.id, target })))
          if (jobs.length > 0) await enqueue(transactionSql(trx), jobs)
        }
        return alerts
      })
    },

    /** A feed's alerts: the newest `limit` first, or with `after`, those after that id, oldest first (for event streams). */
    async list(feed: LiveFeedRef, o: { readonly after?: number; readonly limit: number }): Promise<LiveAlert[]> {
      let q = db
        .selectFrom('live_alerts')
        .select(['id', 'feed', 'kind', 'added', 'network', 'created_at'])
        .where('org_id', '=', feed.orgId)
        .where('feed', '=', feed.name)
      q = o.after === undefined ? q.orderBy('id', 'desc') : q.where('id', '>', String(o.after)).orderBy('id', 'asc')
      return (await q.limit(o.limit).execute()).map(alertOf)
    },

    /** One alert of a feed, or undefined (deleted with its feed). */
    async get(feed: LiveFeedRef, id: number): Promise<LiveAlert | undefined> {
      const r = await db
        .selectFrom('live_alerts')
        .select(['id', 'feed', 'kind', 'added', 'network', 'created_at'])
        .where('org_id', '=', feed.orgId)
        .where('feed', '=', feed.name)
        .where('id', '=', String(id))
        .executeTakeFirst()
      return r ? alertOf(r) : undefined
    },

    /** How many alerts a feed has raised. */
    async count(feed: LiveFeedRef): Promise<number> {
      const r = await db
        .selectFrom('live_alerts')
        .select(sql<string>`count(*)`.as('n'))
        .where('org_id', '=', feed.orgId)
        .where('feed', '=', feed.name)
        .executeTakeFirstOrThrow()
      return Number(r.n)
    },
  }
}
export type LiveAlertStore = ReturnType<typeof createLiveAlertStore>

/** What the worker's hook needs. */
export interface NetworksUpdatedDeps {
  readonly db: Kysely<Database>
  readonly now?: () => Date
  /** Queues each alert's deliveries (webhooks, STIX) in the alert's transaction; without it alerts are only stored. */
  readonly enqueue?: EnqueueDeliveries
}

/**
 * The live worker's hook after it recomputed a feed's networks (`onNetworksUpdated`):
 * decides and stores the alerts they raise; the event streams (`GET …/events`) push them.
 * Returns the alerts raised.
 */
export function handleNetworksUpdated(
  deps: NetworksUpdatedDeps,
  feed: LiveFeedRef,
  networks: readonly DetectedNetwork[],
): Promise<LiveAlert[]> {
  return createLiveAlertStore(deps.db).record(feed, networks, deps.now?.() ?? new Date(), deps.enqueue)
}
