import type { KV } from '@nats-io/kv'

/**
 * A worker's leases in a feed's lease bucket (TTL), each held by compare-and-set on the
 * revision it last wrote: `partition.<p>` and `aggregator`.
 */
export function leaseHolder(leases: KV, id: string) {
  const revisions = new Map<string, number>()
  /**
   * Holds a lease: created when free, refreshed while held. false when someone else holds it.
   * A refresh that timed out may have landed or not: the bucket decides, and while it cannot
   * be read the lease is kept; one that lapsed while this worker was busy, and that nobody
   * took, is taken again. So a busy moment does not give a partition up (a commit is still
   * guarded by its checkpoint's compare-and-set).
   */
  async function hold(key: string): Promise<boolean> {
    const revision = revisions.get(key)
    try {
      revisions.set(key, revision === undefined ? await leases.create(key, id) : await leases.update(key, id, revision))
      return true
    } catch {
      const now = await leases.get(key).catch(() => 'unknown' as const)
      if (now === 'unknown') return revision !== undefined
      if (now?.operation === 'PUT' && now.string() === id) {
        revisions.set(key, now.revision)
        return true
      }
      if (revision !== undefined && now?.operation !== 'PUT') {
        const again = await leases.create(key, id).catch(() => undefined)
        if (again !== undefined) {
          revisions.set(key, again)
          return true
        }
      }
      revisions.delete(key)
      return false
    }
  }

  async function release(key: string): Promise<void> {
    const revision = revisions.get(key)
    revisions.delete(key)
    if (revision !== undefined) await leases.delete(key, { previousSeq: revision }).catch(() => undefined)
  }

  return {
    hold,
    release,
    /** Whether the lease is held (as of the last refresh). */
    holds: (key: string) => revisions.has(key),
    /** Forgets a lease known lost (another worker committed), without releasing it. */
    forget: (key: string) => revisions.delete(key),
  }
}
