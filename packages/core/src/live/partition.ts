import type { DetectSignal, LivePost } from '@vigil/contracts'
import { postKeys } from './post-keys.js'

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

/** One post a partition receives from a batch: its position in the batch, and whether the partition counts it (its account's). */
export interface RoutedPost {
  readonly post: LivePost
  readonly at: number
  readonly own: boolean
}

/**
 * Routes a batch of posts to partitions, as the publisher does before anything reaches the
 * stream: partition `p` receives the posts whose account it counts (`partitionOfAccount`)
 * and every post with a key it joins (`partitionOfKey` over `postKeys`, the batch code
 * path), each once and in batch order (a partition's watermark follows event time as it
 * comes). So each partition's consumer reads only its own share.
 */
export function routePosts(posts: readonly LivePost[], signals: readonly DetectSignal[], partitions: number): RoutedPost[][] {
  const out = Array.from({ length: partitions }, () => [] as RoutedPost[])
  posts.forEach((post, at) => {
    const own = partitionOfAccount(post.account, partitions)
    const to = new Set<number>([own])
    for (const k of postKeys(post, signals)) to.add(partitionOfKey(k.signal, k.key, partitions))
    for (const p of to) out[p]?.push({ post, at, own: p === own })
  })
  return out
}
