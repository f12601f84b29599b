import type { LabelMetrics } from '@vigil/contracts'

/**
 * Precision and recall of the flagged accounts against a list of known positives.
 *
 * @example
 * labelMetrics(new Set(['a', 'b']), new Set(['a', 'c'])) // precision 0.5, recall 0.5
 */
export function labelMetrics(flagged: ReadonlySet<string>, positives: ReadonlySet<string>): LabelMetrics {
  let truePositives = 0
  for (const account of flagged) if (positives.has(account)) truePositives++
  return {
    labelled: positives.size,
    flagged: flagged.size,
    truePositives,
    precision: flagged.size > 0 ? truePositives / flagged.size : 0,
    recall: positives.size > 0 ? truePositives / positives.size : 0,
  }
}

/**
 * How many members carry each label, and the purity: the share of labelled members that
 * carry the most common label (undefined when no member is labelled).
 *
 * @example
 * labelPurity(['a', 'b', 'c'], new Map([['a', 'X'], ['b', 'X'], ['c', 'Y']])) // { counts: { X: 2, Y: 1 }, purity: 0.667 }
 */
export function labelPurity(
  members: readonly string[],
  labels: ReadonlyMap<string, string>,
): { counts: Record<string, number>; purity: number | undefined } {
  const counts: Record<string, number> = {}
  let labelled = 0
  for (const m of members) {
    const label = labels.get(m)
    if (label === undefined) continue
    counts[label] = (counts[label] ?? 0) + 1
    labelled++
  }
  const top = Math.max(0, ...Object.values(counts))
  return { counts, purity: labelled > 0 ? top / labelled : undefined }
}
