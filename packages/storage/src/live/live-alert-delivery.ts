import { type LiveAlert, LiveWebhookPayload, type NetworksFile, Tlp } from '@vigil/contracts'
import { actorFor, buildNetworkBundle, type Clock, refusePrincipal, systemActor, withoutAllowlisted } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { createPrincipalStore } from '../auth/principal-store.js'
import { createDetectReads } from '../detect/detect-run-reads.js'
import { createExchangeStore } from '../exchange/exchange-store.js'
import type { Database } from '../postgres/database-schema.js'
import { createLiveAlertStore } from './live-alert-store.js'
import type { LiveDeliveryJob } from './live-delivery-job.js'
import { signWebhook } from './webhook-signature.js'

/** Which attempt this is: the queue's job id (the same on every attempt), its number from 1, and whether it is the last. */
export interface DeliveryAttempt {
  readonly id: string
  readonly attempt: number
  readonly final: boolean
}

export interface DeliverLiveAlertDeps {
  readonly db: Kysely<Database>
  readonly clock: Clock
  /** How a webhook is called (default: global fetch). */
  readonly fetch?: typeof fetch
  /** How long a webhook may take to answer, in ms (default 10 s). */
  readonly timeoutMs?: number
}

/** The outcome of one attempt: done (delivered, or nothing left to do), or failed; a failure is retried unless final. */
export type DeliveryOutcome = { readonly ok: true; readonly result: string } | { readonly ok: false; readonly reason: string }

const DELIVERY = systemActor('live-delivery')

/**
 * POSTs the alert to the webhook, signed (signWebhook), and audits the attempt; when it is
 * the last one or it succeeded, audits the outcome too (`live.webhook.delivered`,
 * `live.webhook.failed`). A 2xx answer is success; redirects are not followed.
 */
async function deliverToWebhook(
  deps: DeliverLiveAlertDeps,
  job: LiveDeliveryJob & { target: { kind: 'webhook' } },
  attempt: DeliveryAttempt,
  alert: LiveAlert,
): Promise<DeliveryOutcome> {
  const hook = await deps.db
    .selectFrom('live_webhooks')
    .select(['url', 'secret'])
    .where('id', '=', job.target.webhookId)
    .where('org_id', '=', job.orgId)
    .executeTakeFirst()
  if (!hook) return { ok: true, result: 'the webhook was deleted' }
  const body = JSON.stringify(LiveWebhookPayload.parse({ type: 'vigil.live.alert', delivery: attempt.id, feed: job.feed, alert }))
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000)
  let outcome: DeliveryOutcome
  let status: number | null = null
  try {
    const res = await (deps.fetch ?? fetch)(hook.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Vigil-Webhook/1',
        'x-vigil-event': 'alert',
        'x-vigil-delivery': attempt.id,
        'x-vigil-timestamp': String(timestamp),
        'x-vigil-signature': signWebhook(hook.secret, timestamp, body),
      },
      body,
    })
    status = res.status
    await res.body?.cancel().catch(() => {})
    outcome = res.ok ? { ok: true, result: `HTTP ${res.status}` } : { ok: false, reason: `HTTP ${res.status}` }
  } catch (err) {
    outcome = { ok: false, reason: (err as Error).name === 'TimeoutError' ? 'no answer in time' : 'the endpoint could not be reached' }
  }
  const now = deps.clock.now()
  const target = { type: 'live-webhook', id: job.target.webhookId }
  const details = { feed: job.feed, alert: job.alertId, delivery: attempt.id, attempt: attempt.attempt, url: hook.url, status }
  await deps.db.transaction().execute(async (trx) => {
    await appendAudit(
      trx,
      {
        actor: DELIVERY,
        action: 'live.webhook.attempt',
        target,
        outcome: outcome.ok ? 'success' : 'failure',
        details: { ...details, ...(outcome.ok ? {} : { reason: outcome.reason }) },
      },
      now,
    )
    if (outcome.ok || attempt.final) {
      await appendAudit(
        trx,
        {
          actor: DELIVERY,
          action: outcome.ok ? 'live.webhook.delivered' : 'live.webhook.failed',
          target,
          outcome: outcome.ok ? 'success' : 'failure',
          details: { ...details, attempts: attempt.attempt },
        },
        now,
      )
    }
  })
  return outcome
}

/**
 * Publishes the alert's network into the feed's collection as STIX, with batch's bundle
 * builder (`buildNetworkBundle`, allowlisted accounts left out by `withoutAllowlisted`) and
 * the exchange's one import path (`addObjects`, which audits the write), acting as the user
 * who set the publication: a suspended user, or one who may no longer write there, publishes
 * nothing. The outcome is audited (`live.stix.publish`).
 */
async function publishToExchange(deps: DeliverLiveAlertDeps, job: LiveDeliveryJob, attempt: DeliveryAttempt, alert: LiveAlert) {
  const setting = await deps.db
    .selectFrom('live_stix_publication')
    .select(['collection_id', 'tlp', 'user_id'])
    .where('org_id', '=', job.orgId)
    .where('feed', '=', job.feed)
    .executeTakeFirst()
  if (!setting) return { ok: true, result: 'the feed no longer publishes STIX' } as const
  const principal = await createPrincipalStore(deps.db).findUserPrincipal(setting.user_id)
  const target = { type: 'live-alert', id: String(job.alertId) }
  const audit = async (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
    deps.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        {
          actor: DELIVERY,
          action: 'live.stix.publish',
          target,
          outcome,
          details: { feed: job.feed, collection: setting.collection_id, tlp: setting.tlp, attempt: attempt.attempt, ...details },
        },
        deps.clock.now(),
      ),
    )
  if (!principal || refusePrincipal(principal) !== null) {
    await audit('failure', { reason: 'the user who set the publication is suspended or gone' })
    return { ok: true, result: 'not published: its user may no longer act' } as const
  }
  const actor = actorFor(principal, 'cli')
  const allowlist = await createDetectReads(deps.db).allowlistedAccounts(actor)
  const { network, leftOut } = withoutAllowlisted(alert.network, allowlist)
  if (network.members.length < 2) {
    await audit('failure', { reason: 'fewer than two accounts once the allowlisted ones are left out', leftOut })
    return { ok: true, result: 'not published: allowlisted' } as const
  }
  const tlp = Tlp.parse(setting.tlp)
  const bundle = buildNetworkBundle(liveNetworksFile(job.feed, network), { now: deps.clock.now(), tlp })
  try {
    const result = await createExchangeStore(deps.db, deps.clock).addObjects(actor, setting.collection_id, bundle.objects, { tlp })
    await audit(result.failureCount === 0 ? 'success' : 'failure', {
      objects: result.successCount,
      refused: result.failureCount,
      leftOut,
      network: network.id,
    })
    return { ok: true, result: `${result.successCount} objects` } as const
  } catch (err) {
    const reason = (err as Error).message
    if (attempt.final) await audit('failure', { reason })
    return { ok: false, reason } as const
  }
}

/** A networks file of one live network, as `buildNetworkBundle` reads it (generic format: no platform named). */
function liveNetworksFile(feed: string, network: LiveAlert['network']): NetworksFile {
  return {
    version: 1,
    run: {
      format: 'generic',
      files: [`live:${feed}`],
      window: 0,
      minRepeat: 1,
      weight: 'objects',
      similarity: 1,
      signals: [],
      rows: 0,
      posts: 0,
      accounts: network.members.length,
      badRows: 0,
      firstBadRows: [],
      timeResolutionSeconds: 1,
      warnings: [],
    },
    edges: {},
    networks: [network],
  }
}

/**
 * One attempt at one delivery of an alert (the delivery queue's work): a webhook POST or a
 * STIX publication. A deleted alert or target needs nothing. A failed attempt is returned,
 * never thrown: the queue retries it with backoff until `final`.
 */
export async function deliverLiveAlert(
  deps: DeliverLiveAlertDeps,
  job: LiveDeliveryJob,
  attempt: DeliveryAttempt,
): Promise<DeliveryOutcome> {
  const alert = await createLiveAlertStore(deps.db).get({ orgId: job.orgId, name: job.feed }, job.alertId)
  if (!alert) return { ok: true, result: 'the alert was deleted with its feed' }
  return job.target.kind === 'webhook'
    ? deliverToWebhook(deps, { ...job, target: job.target }, attempt, alert)
    : publishToExchange(deps, job, attempt, alert)
}
