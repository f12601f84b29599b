import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { RedactedPost } from '@vigil/contracts'

/** A post of a network as a disclosure keeps it (never published as is). */
export interface DisclosurePost {
  readonly post: string
  readonly account: string
  readonly time: Date
  readonly text: string
  readonly screenName: string | null
  /** The author's followers at this post, where the dump has them. */
  readonly followers: number | null
}

/** What redaction needs to know: the disclosure's key and threshold, and which names it may keep. */
export interface RedactionContext {
  /** The disclosure's own HMAC key (32 bytes), never published. */
  readonly key: Uint8Array
  readonly threshold: number
  /** Each known account's latest follower count (`null`: the dump has none) and screen name. */
  readonly accounts: ReadonlyMap<string, { readonly screenName: string | null; readonly followers: number | null }>
  /** Lower-cased handles of accounts the dump shows at or above the threshold, which mentions may keep. */
  readonly keptHandles: ReadonlySet<string>
}

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
const PHONE_RE = /\+\d[\d\s().-]{6,}\d/g
const MENTION_RE = /(^|[^\w@])@(\w{1,50})/g
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `account-` and 12 hex digits of HMAC-SHA-256 under the disclosure's key. */
export function redactionLabel(key: Uint8Array, value: string): string {
  return `account-${bytesToHex(hmac(sha256, key, utf8ToBytes(value))).slice(0, 12)}`
}

/** Whether an account is hashed: fewer followers than the threshold, or no count at all. */
export function isHashedAccount(followers: number | null | undefined, threshold: number): boolean {
  return followers == null || followers < threshold
}

/**
 * A URL without its query string and fragment (where tracking ids and personal tokens live).
 *
 * @example
 * stripQuery('https://example.org/a?utm_source=x#top') // 'https://example.org/a'
 */
export function stripQuery(url: string): string {
  const cut = url.search(/[?#]/)
  return cut < 0 ? url : url.slice(0, cut)
}

/**
 * A post as the public report shows it, by the disclosure's redaction rule (docs/DISCLOSE.md):
 * - an author under the threshold (or without a follower count) is named `account-<hash>`;
 * - in the text, links lose their query string and fragment, e-mail addresses become
 *   `[email]`, international phone numbers `[phone]`, a mention keeps its handle only when
 *   that account is at or above the threshold, and every id or screen name of a hashed
 *   account the disclosure knows is replaced by its label.
 *
 * @example
 * redactPost(post, { key, threshold: 5000, accounts, keptHandles: new Set() })
 */
export function redactPost(post: DisclosurePost, context: RedactionContext): RedactedPost {
  const labelOf = (account: string) => redactionLabel(context.key, `account:${account}`)
  const profile = context.accounts.get(post.account)
  const hashed = isHashedAccount(profile?.followers ?? post.followers, context.threshold)
  const byHandle = new Map<string, string>()
  const hidden: [string, string][] = []
  for (const [account, p] of context.accounts) {
    const small = isHashedAccount(p.followers, context.threshold)
    if (p.screenName) byHandle.set(p.screenName.toLowerCase(), small ? labelOf(account) : p.screenName)
    if (small) {
      hidden.push([account, labelOf(account)])
      if (p.screenName) hidden.push([p.screenName, labelOf(account)])
    }
  }
  let text = post.text
    .replace(URL_RE, (u) => stripQuery(u))
    .replace(EMAIL_RE, '[email]')
    .replace(PHONE_RE, '[phone]')
    .replace(MENTION_RE, (_m, before: string, handle: string) => {
      const lower = handle.toLowerCase()
      const known = byHandle.get(lower)
      if (known !== undefined) return `${before}@${known}`
      return `${before}@${context.keptHandles.has(lower) ? handle : redactionLabel(context.key, `handle:${lower}`)}`
    })
  // The longer name first, so a name inside another is not cut in half.
  for (const [name, label] of hidden.sort((a, b) => b[0].length - a[0].length)) {
    if (name.length < 3) continue
    text = text.replace(new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`, 'gi'), label)
  }
  return {
    post: post.post,
    author: hashed ? labelOf(post.account) : (profile?.screenName ?? post.screenName ?? post.account),
    hashed,
    time: post.time.toISOString(),
    text,
  }
}
