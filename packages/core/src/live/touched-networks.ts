import { rankNetworks } from '../detect/build-networks.js'

/**
 * The accounts joined by the edges networks are built from, as live detection's aggregator
 * keeps them between recomputations. Edges only ever appear (pairs are added, never taken
 * away, and every edge weight counts them), so a component only grows or merges with
 * others: a network is a part of one component, and stays inside the component that grew
 * from it.
 *
 * @example
 * const graph = new AccountGraph(); graph.add('a', 'b'); graph.add('c', 'd')
 * graph.componentsOf(['a']) // Set { 'a', 'b' }
 */
export class AccountGraph {
  readonly #neighbours = new Map<string, Set<string>>()

  /** How many accounts have an edge. */
  get accounts(): number {
    return this.#neighbours.size
  }

  /** The accounts with an edge. */
  members(): string[] {
    return [...this.#neighbours.keys()]
  }

  /** Adds the edge between two accounts (again: nothing changes). */
  add(a: string, b: string): void {
    this.#link(a, b)
    this.#link(b, a)
  }

  /** The accounts of every component that holds one of `seeds`; a seed without an edge is in none. */
  componentsOf(seeds: Iterable<string>): Set<string> {
    const found = new Set<string>()
    for (const seed of seeds) {
      if (found.has(seed) || !this.#neighbours.has(seed)) continue
      found.add(seed)
      const queue = [seed]
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
        for (const n of this.#neighbours.get(next) ?? []) {
          if (!found.has(n)) {
            found.add(n)
            queue.push(n)
          }
        }
      }
    }
    return found
  }

  #link(a: string, b: string): void {
    const set = this.#neighbours.get(a)
    if (set) set.add(b)
    else this.#neighbours.set(a, new Set([b]))
  }
}

/**
 * A feed's networks after the components holding the `touched` accounts were recomputed:
 * the previous networks with no member touched are kept as they were, those with one are
 * replaced by the `recomputed` networks of those components (a previous network lies
 * inside one component, so it is wholly touched or not at all), and all are ranked and
 * numbered again as {@link rankNetworks} does for batch.
 *
 * @example
 * replaceNetworks(previous, recomputed, graph.componentsOf(touchedAccounts))
 */
export function replaceNetworks<T extends { readonly members: readonly string[]; readonly score: { readonly score: number } }>(
  previous: readonly T[],
  recomputed: readonly T[],
  touched: ReadonlySet<string>,
): (T & { id: string })[] {
  const kept = previous.filter((n) => !n.members.some((m) => touched.has(m)))
  return rankNetworks([...kept, ...recomputed])
}
