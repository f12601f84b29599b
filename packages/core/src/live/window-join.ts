import type { DetectSignal } from '@vigil/contracts'

/** One post on one object inside a partition's window. */
interface Held {
  readonly account: string
  readonly post: string
  readonly time: number
  /** The stream sequence of the message that brought it: where a rebuild must replay from. */
  readonly seq: number
  /** The text a `co-similar-text` band key is of. */
  readonly text?: string
}

/**
 * A coordinated pair: two posts of different accounts on one (signal, object) within the
 * window, oriented so that `accountA < accountB` (as batch orients its pairs). Its
 * idempotency key is (signal, object, post a, post b).
 */
export interface LivePair {
  readonly signal: DetectSignal
  readonly object: string
  readonly accountA: string
  readonly postA: string
  readonly timeA: number
  readonly accountB: string
  readonly postB: string
  readonly timeB: number
  /** `co-similar-text` candidates: each post's text, for the Jaccard check ({@link similarTextPairs}). */
  readonly textA?: string
  readonly textB?: string
}

/** The part of a partition's state a checkpoint carries besides the held posts. */
export interface WindowMark {
  /** The newest event time seen (epoch ms), or `null` before the first post. */
  readonly maxTime: number | null
  /** Posts (keys) that arrived later than the allowed lateness, counted, not joined. */
  readonly late: number
}

/**
 * One partition's window join, the live form of batch's `windowJoinSql`: per (signal,
 * object), the posts of the last `window` + `lateness` seconds of event time. A key joins
 * every held post of another account on the same object within `window` (inclusive), in
 * either direction of time, so posts out of order within the lateness give batch's pairs.
 * The watermark is the newest event time minus the lateness: a key older than it is late,
 * counted in {@link WindowMark.late} and not joined; held posts older than the watermark
 * minus the window can pair with no post still to come and are dropped, which bounds memory.
 */
export class WindowJoin {
  readonly #windowMs: number
  readonly #latenessMs: number
  readonly #objects = new Map<string, Map<string, Held>>()
  /**
   * Held entries by the stream sequence that brought them, oldest first (sequences only grow,
   * and one whose entries are all dropped is deleted): the first is {@link replayFrom}, read
   * on every commit without walking the window.
   */
  readonly #bySeq = new Map<number, number>()
  #maxTime: number | null
  #late: number
  #sinceSweep = 0

  constructor(windowSeconds: number, latenessSeconds: number, mark: WindowMark = { maxTime: null, late: 0 }) {
    this.#windowMs = windowSeconds * 1000
    this.#latenessMs = latenessSeconds * 1000
    this.#maxTime = mark.maxTime
    this.#late = mark.late
  }

  get mark(): WindowMark {
    return { maxTime: this.#maxTime, late: this.#late }
  }

  /** Held (signal, object, post) entries: what the window costs in memory. */
  get held(): number {
    let n = 0
    for (const posts of this.#objects.values()) n += posts.size
    return n
  }

  /** The oldest event time a held post may have: posts below it can pair with nothing to come. */
  #floor(): number {
    return this.#maxTime === null ? Number.NEGATIVE_INFINITY : this.#maxTime - this.#latenessMs - this.#windowMs
  }

  /**
   * Adds one key of one post: its pairs with the held posts, or `late` when it is behind
   * the watermark. `emit` false rebuilds the state (a replay of messages already
   * committed): nothing is counted and nothing returned, and a key is held whenever it is
   * above the floor.
   */
  add(
    signal: DetectSignal,
    object: string,
    account: string,
    post: string,
    time: number,
    seq: number,
    emit = true,
    text?: string,
  ): LivePair[] | 'late' {
    if (emit && this.#maxTime !== null && time < this.#maxTime - this.#latenessMs) {
      this.#late++
      return 'late'
    }
    if (!emit && time < this.#floor()) return []
    if (this.#maxTime === null || time > this.#maxTime) this.#maxTime = time
    const id = `${signal}\u0000${object}`
    let held = this.#objects.get(id)
    if (!held) {
      held = new Map()
      this.#objects.set(id, held)
    }
    const postId = `${account}\u0000${post}`
    const pairs: LivePair[] = []
    if (held.has(postId)) return pairs
    const floor = this.#floor()
    for (const [key, other] of held) {
      if (other.time < floor) {
        this.#drop(held, key, other)
        continue
      }
      if (other.account === account || Math.abs(other.time - time) > this.#windowMs || !emit) continue
      const texts =
        text === undefined ? {} : other.account < account ? { textA: other.text, textB: text } : { textA: text, textB: other.text }
      pairs.push(
        other.account < account
          ? {
              signal,
              object,
              accountA: other.account,
              postA: other.post,
              timeA: other.time,
              accountB: account,
              postB: post,
              timeB: time,
              ...texts,
            }
          : {
              signal,
              object,
              accountA: account,
              postA: post,
              timeA: time,
              accountB: other.account,
              postB: other.post,
              timeB: other.time,
              ...texts,
            },
      )
    }
    held.set(postId, text === undefined ? { account, post, time, seq } : { account, post, time, seq, text })
    this.#bySeq.set(seq, (this.#bySeq.get(seq) ?? 0) + 1)
    if (++this.#sinceSweep >= 100_000) this.sweep()
    return pairs
  }

  /** Drops every held post below the floor, and objects left empty. */
  sweep(): void {
    this.#sinceSweep = 0
    const floor = this.#floor()
    for (const [id, held] of this.#objects) {
      for (const [key, p] of held) if (p.time < floor) this.#drop(held, key, p)
      if (held.size === 0) this.#objects.delete(id)
    }
  }

  #drop(held: Map<string, Held>, key: string, p: Held): void {
    held.delete(key)
    const left = (this.#bySeq.get(p.seq) ?? 1) - 1
    if (left > 0) this.#bySeq.set(p.seq, left)
    else this.#bySeq.delete(p.seq)
  }

  /**
   * The lowest stream sequence of a held post: replaying from it rebuilds this state. `null`
   * when empty. Posts below the floor that no sweep or join has dropped yet still count, so it
   * may be older than needed (a rebuild skips them), never newer.
   */
  replayFrom(): number | null {
    for (const seq of this.#bySeq.keys()) return seq
    return null
  }
}
