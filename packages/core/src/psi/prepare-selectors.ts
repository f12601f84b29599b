import type { RejectedLines, SelectorKind } from '@vigil/contracts'
import { normaliseSelector } from './normalise-selector.js'

const SHOWN_REJECTED_LINES = 5

/**
 * Turns the lines of a selector file into the distinct normalised selectors of `kind`.
 * Blank lines and lines starting with `#` are skipped; other lines that are not a selector
 * of the kind are counted as rejected. Duplicates are dropped: a repeated element in a
 * message would tell the peer that two inputs were equal.
 *
 * @example
 * prepareSelectors('email', ['A@b.org', 'a@b.org', 'nope']) // { selectors: ['a@b.org'], rejected: { count: 1, firstLines: [3] } }
 */
export function prepareSelectors(kind: SelectorKind, lines: readonly string[]): { selectors: string[]; rejected: RejectedLines } {
  const distinct = new Set<string>()
  const firstLines: number[] = []
  let count = 0
  lines.forEach((line, i) => {
    const text = line.trim()
    if (text === '' || text.startsWith('#')) return
    const normalised = normaliseSelector(kind, text)
    if (normalised.ok) {
      distinct.add(normalised.value)
      return
    }
    count++
    if (firstLines.length < SHOWN_REJECTED_LINES) firstLines.push(i + 1)
  })
  return { selectors: [...distinct], rejected: { count, firstLines } }
}
