import { createHmac, timingSafeEqual } from 'node:crypto'

/** The headers that sign a webhook delivery. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-vigil-timestamp'
export const WEBHOOK_SIGNATURE_HEADER = 'x-vigil-signature'

/**
 * The signature of one delivery: `sha256=` and the hex HMAC-SHA-256, under the webhook's
 * secret, of `<timestamp>.<raw body>`. The timestamp (Unix seconds, also sent as
 * `X-Vigil-Timestamp`) is signed with the body, so a captured delivery cannot be replayed later.
 *
 * @example
 * signWebhook(secret, 1767225600, body) // 'sha256=5f1c…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/**
 * What a receiver checks: the signature over the timestamp and the raw body, and a timestamp
 * within `toleranceSeconds` (default 300) of `now`. Compares in constant time.
 */
export function verifyWebhook(
  secret: string,
  headers: { readonly timestamp: string | undefined; readonly signature: string | undefined },
  body: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp)
  if (!Number.isInteger(ts) || headers.signature === undefined) return false
  if (Math.abs(now.getTime() / 1000 - ts) > toleranceSeconds) return false
  const want = Buffer.from(signWebhook(secret, ts, body))
  const got = Buffer.from(headers.signature)
  return want.length === got.length && timingSafeEqual(want, got)
}
