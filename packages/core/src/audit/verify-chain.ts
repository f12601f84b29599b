import { type AuditEntryContent, GENESIS_HASH, hashAuditEntry } from './audit-chain.js'

/** An audit entry as stored: its content and its place in the chain. */
export interface ChainEntry extends AuditEntryContent {
  readonly prevHash: string
  readonly hash: string
}

/** The newest entry of a chain as a checkpoint vouches for it. */
export interface ChainHead {
  readonly seq: number
  readonly hash: string
}

/** How a chain can fail verification. */
export type ChainBreak = 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'checkpoint-mismatch' | 'missing-tail'

/** The outcome of walking a chain: intact (with its length and head), or the first break. */
export type ChainVerdict =
  | { readonly ok: true; readonly entries: number; readonly head: ChainHead | null }
  | { readonly ok: false; readonly entries: number; readonly seq: number; readonly reason: ChainBreak; readonly message: string }

/** Walks a chain one entry at a time, so a long log is verified in batches without holding it. */
export interface ChainVerifier {
  /** Checks the next entry; returns the break if this entry is the first broken one, else null. */
  push(entry: ChainEntry): Extract<ChainVerdict, { ok: false }> | null
  /** Ends the walk: intact, or the missing tail the checkpoint reveals. */
  finish(): ChainVerdict
}

/**
 * A verifier for entries fed in `seq` order from 1. With a checkpoint (the signed head of
 * the chain at some earlier moment), it also detects a rewritten chain (the entry at the
 * checkpoint's `seq` differs) and a cut-off tail (the chain ends before it).
 *
 * @example
 * const v = createChainVerifier(checkpoint); for (const e of batch) if (v.push(e)) break; v.finish()
 */
export function createChainVerifier(checkpoint?: ChainHead): ChainVerifier {
  let count = 0
  let head: ChainHead | null = null
  let broken: Extract<ChainVerdict, { ok: false }> | null = null
  const fail = (seq: number, reason: ChainBreak, message: string) => {
    broken = { ok: false, entries: count, seq, reason, message: `entry ${seq}: ${message}` }
    return broken
  }
  return {
    push(entry) {
      if (broken) return broken
      const expectedSeq = (head?.seq ?? 0) + 1
      if (entry.seq !== expectedSeq) return fail(expectedSeq, 'sequence-gap', `missing (the next entry found is ${entry.seq})`)
      if (entry.prevHash !== (head?.hash ?? GENESIS_HASH))
        return fail(entry.seq, 'prev-hash-mismatch', 'does not chain to the entry before it')
      const { prevHash: _prev, hash: _hash, ...content } = entry
      if (hashAuditEntry(entry.prevHash, content) !== entry.hash)
        return fail(entry.seq, 'hash-mismatch', 'its content does not match its hash')
      if (checkpoint && entry.seq === checkpoint.seq && entry.hash !== checkpoint.hash) {
        return fail(entry.seq, 'checkpoint-mismatch', 'differs from the signed checkpoint (the chain was rewritten)')
      }
      count += 1
      head = { seq: entry.seq, hash: entry.hash }
      return null
    },
    finish() {
      if (broken) return broken
      const last = head?.seq ?? 0
      if (checkpoint && last < checkpoint.seq) {
        return fail(
          last + 1,
          'missing-tail',
          `missing: the log ends at ${last} but a signed checkpoint vouches for ${checkpoint.seq} entries`,
        )
      }
      return { ok: true, entries: count, head }
    },
  }
}

/**
 * Verifies a whole chain in memory; see {@link createChainVerifier}.
 *
 * @example
 * verifyChain(entries) // { ok: true, entries: 3, head: { seq: 3, hash: '…' } }
 */
export function verifyChain(entries: Iterable<ChainEntry>, checkpoint?: ChainHead): ChainVerdict {
  const verifier = createChainVerifier(checkpoint)
  for (const entry of entries) if (verifier.push(entry)) break
  return verifier.finish()
}
