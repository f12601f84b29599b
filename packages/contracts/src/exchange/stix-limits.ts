import type { StixIssue } from './stix-object.js'

/** The deepest nesting of lists and objects one STIX object may have (its root is level 1). */
export const MAX_OBJECT_DEPTH = 64
/** The most characters one STIX object may hold, in its property names and string values. */
export const MAX_OBJECT_CHARS = 2_000_000

// A NUL (PostgreSQL's jsonb cannot hold U+0000) or a UTF-16 surrogate without its pair
// (not Unicode text: RFC 8259 §8.1 requires UTF-8, which cannot encode it).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function unstorable(text: string): string | undefined {
  const found = UNSTORABLE.exec(text)?.[0]
  if (found === undefined) return undefined
  return found === '\u0000' ? 'a NUL character (U+0000)' : 'a lone UTF-16 surrogate (not Unicode text)'
}

function pathOf(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `[${JSON.stringify(String(p))}]`)).join('')}`
}

/** How deep and how large a value `storageIssue` lets through. */
export interface StorageLimits {
  readonly depth: number
  readonly chars: number
}

/**
 * The first reason a parsed JSON value cannot be stored as one STIX object whatever its
 * type: nested deeper than `MAX_OBJECT_DEPTH`, larger than `MAX_OBJECT_CHARS`, or a string
 * or property name holding a NUL or a lone surrogate. Walks the value without recursion,
 * and stops at the first problem, so a hostile value costs no more than its allowance.
 * `limits` sets other bounds (the server's check of whole request bodies).
 *
 * @example
 * storageIssue({ type: 'note', content: 'a\u0000b' }) // { path: '$["content"]', message: 'holds a NUL character (U+0000)…' }
 */
export function storageIssue(
  value: unknown,
  limits: StorageLimits = { depth: MAX_OBJECT_DEPTH, chars: MAX_OBJECT_CHARS },
): StixIssue | undefined {
  const stack: { readonly value: unknown; readonly path: readonly PropertyKey[] }[] = [{ value, path: [] }]
  let chars = 0
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: v, path } = next
    if (typeof v === 'string') {
      chars += v.length
      const bad = unstorable(v)
      if (bad) return { path: pathOf(path), message: `holds ${bad}, which cannot be stored` }
    } else if (typeof v === 'object' && v !== null) {
      if (path.length >= limits.depth) return { path: pathOf(path.slice(0, 8)), message: `is nested deeper than ${limits.depth} levels` }
      const entries: [PropertyKey, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v)
      for (const [key, child] of entries) {
        if (typeof key === 'string') {
          chars += key.length
          const bad = unstorable(key)
          if (bad) return { path: pathOf(path), message: `has a property name that holds ${bad}, which cannot be stored` }
        }
        stack.push({ value: child, path: [...path, key] })
      }
    }
    if (chars > limits.chars) return { path: '$', message: `holds more than ${limits.chars} characters, the most one object may` }
  }
  return undefined
}
