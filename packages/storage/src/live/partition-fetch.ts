import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream'

/**
 * About the most bytes one fetch of a partition asks for. A worker's 16 partitions then have
 * some 32 MiB in flight, under the 64 MiB a NATS server queues for one client before it cuts
 * it off as a slow consumer: with fetches bounded by messages alone, a worker rebuilding a
 * window while others fetched was cut off, and every request in flight failed with it. The
 * client takes a bound in messages or in bytes, not both, and one in bytes waits for them
 * (a quiet partition would wait for its fetch to expire); so a fetch asks for as many
 * messages as fit in this at the largest size the partition has seen.
 */
const FETCH_BYTES = 2 * 1024 * 1024

/** How many messages of up to `largest` bytes fit in {@link FETCH_BYTES} (at least one, at most `most`; one while no size is known). */
export const fitting = (largest: number, most: number) =>
  largest === 0 ? 1 : Math.max(1, Math.min(most, Math.floor(FETCH_BYTES / largest)))

/**
 * Reads one fetch's messages in order until `take` says stop. A fetch that fails part way
 * (missed heartbeats while the event loop was busy, a consumer re-anchored) ends the
 * batch (false): the messages taken so far are in order and are committed, and the
 * consumer is re-anchored after them so that the rest come again in order.
 */
export async function drainFetch(messages: ConsumerMessages, take: (m: JsMsg) => boolean): Promise<boolean> {
  messages.closed().catch(() => undefined)
  try {
    for await (const m of messages) if (!take(m)) break
    return true
  } catch {
    return false
  } finally {
    await messages.close().catch(() => undefined)
  }
}
