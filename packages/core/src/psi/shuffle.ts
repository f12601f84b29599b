import type { Random } from '../shared/random.js'

/**
 * Returns a uniformly shuffled copy of `items` (Fisher-Yates, with rejection sampling so
 * no position is favoured), drawing from `random`. PSI shuffles every list it sends, so
 * the order of a message says nothing about the order of the input file.
 *
 * @example
 * shuffled(['a', 'b', 'c'], random)
 */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items]
  const pool = new Uint32Array(Math.max(out.length, 1) * 2)
  let next = pool.length
  const draw = (): number => {
    if (next === pool.length) {
      const bytes = random.bytes(pool.length * 4)
      pool.set(new Uint32Array(bytes.buffer, bytes.byteOffset, pool.length))
      next = 0
    }
    return pool[next++] ?? 0
  }
  for (let i = out.length - 1; i > 0; i--) {
    const bound = i + 1
    // The largest multiple of `bound` below 2^32: draws at or above it would bias the result.
    const limit = 2 ** 32 - (2 ** 32 % bound)
    let r = draw()
    while (r >= limit) r = draw()
    const j = r % bound
    const t = out[i] as T
    out[i] = out[j] as T
    out[j] = t
  }
  return out
}
