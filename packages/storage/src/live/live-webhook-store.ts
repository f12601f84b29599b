import { randomBytes, randomUUID } from 'node:crypto'
import {
  type LiveDeliveryAttempt,
  type LiveStixPublication,
  type LiveStixPublicationSetting,
  type LiveWebhook,
  type LiveWebhookCreated,
  type LiveWebhookInput,
  type OrgId,
  Tlp,
} from '@vigil/contracts'
import { type Actor, checkWebhookUrl, VigilError } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { z } from 'zod'
import { auditedChange } from '../audit/audited-change.js'
import { parseJson } from '../detect/detect-run-rows.js'
import type { Database } from '../postgres/database-schema.js'
import type { LiveFeedRef } from './live-alert-store.js'

/** At most this many webhooks per feed: each alert is one delivery per webhook. */
export const MAX_WEBHOOKS_PER_FEED = 20

export interface LiveWebhookStoreOptions {
  /** Whether plain http to 127.0.0.1 is allowed (`VIGIL_LIVE_WEBHOOK_LOOPBACK`). */
  readonly allowLoopbackHttp: boolean
}

type User = Actor & { kind: 'user' }

/** The details `deliverToWebhook` audits for each attempt. */
const AttemptDetails = z.object({
  alert: z.number(),
  delivery: z.string(),
  attempt: z.number(),
  status: z.number().nullish(),
  reason: z.string().optional(),
})

/** A feed's alert deliveries: its webhook endpoints and where it publishes networks as STIX. Every change is audited. */
export function createLiveWebhookStore(db: Kysely<Database>, o: LiveWebhookStoreOptions) {
  const select = () =>
    db
      .selectFrom('live_webhooks as w')
      .innerJoin('users as u', 'u.id', 'w.created_by')
      .select(['w.id', 'w.feed', 'w.url', 'w.description', 'w.created_at', 'u.email'])
  type Row = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>
  const webhookOf = (r: Row): LiveWebhook => ({
    id: r.id,
    feed: r.feed,
    url: r.url,
    description: r.description,
    createdBy: r.email,
    createdAt: new Date(r.created_at).toISOString(),
  })
  const feedExists = async (trx: Kysely<Database>, orgId: OrgId, feed: string, lock = false) => {
    let q = trx.selectFrom('live_feeds').select('name').where('org_id', '=', orgId).where('name', '=', feed)
    if (lock) q = q.forUpdate()
    if (!(await q.executeTakeFirst())) throw new VigilError('NOT_FOUND', `no live feed '${feed}'`)
  }
  return {
    /**
     * Registers a webhook on a feed, audited (without its secret). The secret is generated
     * (32 random bytes, base64url) unless given, and returned this once.
     * @throws VigilError `VALIDATION_FAILED` for a URL that is not https (see checkWebhookUrl), `CONFLICT` above the cap
     */
    async add(actor: User, feed: string, input: LiveWebhookInput, now: Date): Promise<LiveWebhookCreated> {
      const check = checkWebhookUrl(input.url, o)
      if (!check.ok) throw new VigilError('VALIDATION_FAILED', `webhook URL refused: ${check.reason}`, { url: input.url })
      const id = randomUUID()
      const secret = input.secret ?? randomBytes(32).toString('base64url')
      await auditedChange(
        db,
        {
          actor,
          action: 'live.webhook.add',
          target: { type: 'live-webhook', id },
          outcome: 'success',
          details: { feed, url: input.url, secretGiven: input.secret !== undefined },
        },
        now,
        async (trx) => {
          await feedExists(trx, actor.orgId, feed, true)
          const { n } = await trx
            .selectFrom('live_webhooks')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('org_id', '=', actor.orgId)
            .where('feed', '=', feed)
            .executeTakeFirstOrThrow()
          if (Number(n) >= MAX_WEBHOOKS_PER_FEED)
            throw new VigilError('CONFLICT', `a feed has at most ${MAX_WEBHOOKS_PER_FEED} webhooks; delete one first`)
          await trx
            .insertInto('live_webhooks')
            .values({
              id,
              org_id: actor.orgId,
              feed,
              url: input.url,
              description: input.description,
              secret,
              created_by: actor.userId,
              created_at: now,
            })
            .execute()
          return true
        },
      )
      return { id, feed, url: input.url, description: input.description, createdBy: actor.email, createdAt: now.toISOString(), secret }
    },

    /** A feed's webhooks, oldest first, without their secrets. @throws VigilError `NOT_FOUND` without such a feed */
    async list(orgId: OrgId, feed: string): Promise<LiveWebhook[]> {
      await feedExists(db, orgId, feed)
      const rows = await select().where('w.org_id', '=', orgId).where('w.feed', '=', feed).orderBy('w.created_at').orderBy('w.id').execute()
      return rows.map(webhookOf)
    },

    /**
     * A feed's latest `limit` delivery attempts to its webhooks, newest first, read from the
     * audit log where each is recorded (an attempt to a deleted webhook is no longer listed).
     * @throws VigilError `NOT_FOUND` without such a feed
     */
    async deliveries(orgId: OrgId, feed: string, limit: number): Promise<LiveDeliveryAttempt[]> {
      await feedExists(db, orgId, feed)
      const rows = await db
        .selectFrom('audit_log as a')
        .innerJoin('live_webhooks as w', (join) => join.on(sql<boolean>`a.target_id = w.id::text`))
        .select(['w.id', 'w.url', 'a.outcome', 'a.details', 'a.at'])
        .where('a.target_type', '=', 'live-webhook')
        .where('a.action', '=', 'live.webhook.attempt')
        .where('w.org_id', '=', orgId)
        .where('w.feed', '=', feed)
        .orderBy('a.seq', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => {
        const d = AttemptDetails.parse(parseJson(r.details))
        return {
          webhook: r.id,
          url: r.url,
          alert: d.alert,
          delivery: d.delivery,
          attempt: d.attempt,
          ok: r.outcome === 'success',
          status: d.status ?? null,
          ...(d.reason === undefined ? {} : { reason: d.reason }),
          at: new Date(r.at).toISOString(),
        }
      })
    },

    /** Deletes a webhook, audited; deliveries still queued for it are dropped. @throws VigilError `NOT_FOUND` */
    async remove(actor: User, feed: string, id: string, now: Date): Promise<void> {
      const removed = await auditedChange(
        db,
        { actor, action: 'live.webhook.delete', target: { type: 'live-webhook', id }, outcome: 'success', details: { feed } },
        now,
        async (trx) => {
          const r = await trx
            .deleteFrom('live_webhooks')
            .where('org_id', '=', actor.orgId)
            .where('feed', '=', feed)
            .where('id', '=', id)
            .executeTakeFirst()
          return Number(r.numDeletedRows) > 0
        },
      )
      if (!removed) throw new VigilError('NOT_FOUND', `feed '${feed}' has no webhook ${id}`)
    },

    /** A feed's STIX publication setting, or null. @throws VigilError `NOT_FOUND` without such a feed */
    async stixPublication(orgId: OrgId, feed: string): Promise<LiveStixPublicationSetting> {
      await feedExists(db, orgId, feed)
      const r = await db
        .selectFrom('live_stix_publication as p')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .select(['p.collection_id', 'p.tlp', 'p.updated_at', 'u.email'])
        .where('p.org_id', '=', orgId)
        .where('p.feed', '=', feed)
        .executeTakeFirst()
      return {
        publication: r
          ? { collection: r.collection_id, tlp: Tlp.parse(r.tlp), setBy: r.email, updatedAt: new Date(r.updated_at).toISOString() }
          : null,
      }
    },

    /**
     * Sets (or with null, stops) publishing each alert's network into a collection at a TLP,
     * audited. Publications act as `actor`, so the collection must be one the actor may write:
     * `requireWritable` is the exchange's check (it throws for any other).
     */
    async setStixPublication(
      actor: User,
      feed: string,
      publication: LiveStixPublication | null,
      requireWritable: (actor: Actor, collection: string) => Promise<{ id: string }>,
      now: Date,
    ): Promise<LiveStixPublicationSetting> {
      const collection = publication ? (await requireWritable(actor, publication.collection)).id : null
      await auditedChange(
        db,
        {
          actor,
          action: 'live.stix-publication.set',
          target: { type: 'live-feed', id: feed },
          outcome: 'success',
          details: publication ? { collection, tlp: publication.tlp } : { collection: null },
        },
        now,
        async (trx) => {
          await feedExists(trx, actor.orgId, feed, true)
          if (!publication || !collection) {
            await trx.deleteFrom('live_stix_publication').where('org_id', '=', actor.orgId).where('feed', '=', feed).execute()
            return true
          }
          const values = { collection_id: collection, tlp: publication.tlp, user_id: actor.userId, updated_at: now }
          await trx
            .insertInto('live_stix_publication')
            .values({ org_id: actor.orgId, feed, ...values })
            .onConflict((oc) => oc.columns(['org_id', 'feed']).doUpdateSet(values))
            .execute()
          return true
        },
      )
      return this.stixPublication(actor.orgId, feed)
    },
  }
}
export type LiveWebhookStore = ReturnType<typeof createLiveWebhookStore>

/** The deliveries one alert of a feed needs: one per webhook, and the STIX publication when set. */
export async function alertDeliveryTargets(
  trx: Kysely<Database>,
  feed: LiveFeedRef,
): Promise<({ readonly kind: 'webhook'; readonly webhookId: string } | { readonly kind: 'stix' })[]> {
  const hooks = await trx.selectFrom('live_webhooks').select('id').where('org_id', '=', feed.orgId).where('feed', '=', feed.name).execute()
  const stix = await trx
    .selectFrom('live_stix_publication')
    .select('feed')
    .where('org_id', '=', feed.orgId)
    .where('feed', '=', feed.name)
    .executeTakeFirst()
  return [...hooks.map((h) => ({ kind: 'webhook' as const, webhookId: h.id })), ...(stix ? [{ kind: 'stix' as const }] : [])]
}
