import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import canonicalizeModule from 'canonicalize'

// canonicalize 2.x is CommonJS typed as an ES module: its default import is the function.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined

/** The hash that stands before the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64)

/** What an audit entry says, as hashed: everything but the hashes themselves. */
export interface AuditEntryContent {
  readonly seq: number
  /** ISO-8601 UTC with milliseconds. */
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly targetType: string | null
  readonly targetId: string | null
  readonly outcome: 'success' | 'failure' | 'denied'
  readonly requestId: string | null
  readonly details: Readonly<Record<string, unknown>>
}

/**
 * SHA-256 over the previous entry's hash and this entry's canonical JSON (RFC 8785), so
 * changing, removing or reordering any entry changes every hash after it.
 *
 * @example
 * const h1 = hashAuditEntry(GENESIS_HASH, entry1); const h2 = hashAuditEntry(h1, entry2)
 */
export function hashAuditEntry(prevHash: string, content: AuditEntryContent): string {
  const canonical = canonicalize(content)
  if (canonical === undefined) throw new TypeError('audit entry is not serialisable')
  return bytesToHex(sha256(utf8ToBytes(`${prevHash}\n${canonical}`)))
}
