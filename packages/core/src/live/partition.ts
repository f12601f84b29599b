import type { DetectSignal } from '@vigil/contracts'

/** FNV-1a (32 bit) of a string's UTF-16 code units: stable across processes and machines. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The partition (0 … `partitions` − 1) a (signal, object) key is routed to. */
export function partitionOfKey(signal: DetectSignal, key: string, partitions: number): number {
  return fnv1a(`${signal}\u0000${key}`) % partitions
}

/** The partition that counts an account's posts (the activity of `accounts.csv`). */
export function partitionOfAccount(account: string, partitions: number): number {
  return fnv1a(`account\u0000${account}`) % partitions
}
