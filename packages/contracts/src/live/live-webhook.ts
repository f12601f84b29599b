import { z } from 'zod'
import { Tlp } from '../exchange/tlp.js'
import { LiveAlert } from './live-alert.js'

/**
 * A webhook endpoint to register on a feed: where its alerts are POSTed, and optionally the
 * secret they are signed with (at least 32 characters); without one Vigil generates it.
 *
 * @example
 * LiveWebhookInput.parse({ url: 'https://soc.example/hooks/vigil', description: 'SOC' })
 */
export const LiveWebhookInput = z.object({
  url: z.url().max(2048),
  description: z.string().max(200).default(''),
  secret: z.string().min(32).max(256).optional(),
})
export type LiveWebhookInput = z.infer<typeof LiveWebhookInput>

/** A registered endpoint, without its secret. */
export const LiveWebhook = z.object({
  id: z.uuid(),
  feed: z.string(),
  url: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
})
export type LiveWebhook = z.infer<typeof LiveWebhook>

/** A webhook just registered: the one time its signing secret is shown. */
export const LiveWebhookCreated = LiveWebhook.extend({ secret: z.string() })
export type LiveWebhookCreated = z.infer<typeof LiveWebhookCreated>

/** A feed's webhooks, oldest first. */
export const LiveWebhookList = z.object({ webhooks: z.array(LiveWebhook) })
export type LiveWebhookList = z.infer<typeof LiveWebhookList>

/**
 * One attempt to deliver an alert to a webhook, as audited (`live.webhook.attempt`): the
 * HTTP status the endpoint answered, or null with the reason when none came.
 *
 * @example
 * LiveDeliveryAttempt.parse({ webhook, url, alert: 7, delivery, attempt: 1, ok: false, status: 503, reason: 'HTTP 503', at })
 */
export const LiveDeliveryAttempt = z.object({
  webhook: z.uuid(),
  url: z.string(),
  alert: z.number().int().positive(),
  /** The same on every attempt of one delivery (`X-Vigil-Delivery`). */
  delivery: z.string(),
  attempt: z.number().int().positive(),
  ok: z.boolean(),
  status: z.number().int().nullable(),
  reason: z.string().optional(),
  at: z.iso.datetime(),
})
export type LiveDeliveryAttempt = z.infer<typeof LiveDeliveryAttempt>

/** A feed's latest delivery attempts to its webhooks, newest first. */
export const LiveDeliveryList = z.object({ attempts: z.array(LiveDeliveryAttempt) })
export type LiveDeliveryList = z.infer<typeof LiveDeliveryList>

/**
 * The JSON body POSTed to a webhook for each alert. The request carries
 * `X-Vigil-Timestamp` (Unix seconds) and `X-Vigil-Signature: sha256=<hex>`, the HMAC-SHA-256
 * under the webhook's secret of `<timestamp>.<raw body>` (docs/LIVE.md).
 */
export const LiveWebhookPayload = z.object({
  type: z.literal('vigil.live.alert'),
  /** The delivery's id: the same on every attempt, so a receiver can drop repeats. */
  delivery: z.string(),
  feed: z.string(),
  alert: LiveAlert,
})
export type LiveWebhookPayload = z.infer<typeof LiveWebhookPayload>

/**
 * Where a feed publishes each alert's network as STIX: a collection of the exchange and the
 * TLP its objects are marked with.
 */
export const LiveStixPublication = z.object({
  collection: z.string().min(1).max(200),
  tlp: Tlp,
})
export type LiveStixPublication = z.infer<typeof LiveStixPublication>

/** A feed's STIX publication setting, or none (`null`). */
export const LiveStixPublicationSetting = z.object({
  publication: LiveStixPublication.extend({ setBy: z.string(), updatedAt: z.iso.datetime() }).nullable(),
})
export type LiveStixPublicationSetting = z.infer<typeof LiveStixPublicationSetting>
