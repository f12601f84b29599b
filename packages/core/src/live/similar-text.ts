import type { LivePair } from './window-join.js'

/**
 * Near-duplicate text (`co-similar-text`) for live detection, the same definition batch
 * runs in DuckDB (storage's `minHashSql` and `addSimilarTextPairs`): words are the
 * normalised text without ASCII punctuation, split on single spaces; a text of at least
 * three words has a MinHash signature of {@link LSH_BANDS} × {@link LSH_ROWS} minima, each the
 * minimum over its words of DuckDB's `hash(word)` xor one seed; a band key is one band's
 * minima. Posts sharing a band key within the window are candidates, kept when the Jaccard
 * similarity of their word sets reaches the feed's threshold. `similar-text.test.ts` and
 * storage's `similar-text-bands.test.ts` prove the minima equal to DuckDB's on real texts.
 */

/** LSH bands and rows per band of the MinHash signature (batch's `minHashSql` reads these). */
export const LSH_BANDS = 6
export const LSH_ROWS = 2

const MASK = (1n << 64n) - 1n
const MIX = 0xd6e8feb86659fd93n
/** The hash functions' seeds: the i-th is (i + 1) × the 64-bit golden ratio, mod 2^64. */
export const MINHASH_SEEDS: readonly bigint[] = Array.from({ length: LSH_BANDS * LSH_ROWS }, (_, i) =>
  BigInt.asUintN(64, BigInt(i + 1) * 0x9e3779b97f4a7c15n),
)

function finalise(x: bigint): bigint {
  let h = x ^ (x >> 32n)
  h = (h * MIX) & MASK
  h ^= h >> 32n
  h = (h * MIX) & MASK
  return h ^ (h >> 32n)
}

/** UTF-8 bytes of a string (core runs anywhere: no Buffer, no TextEncoder in its types). */
function utf8(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0) as number
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}

/**
 * DuckDB's `hash()` of a VARCHAR (UTF-8 bytes, 8-byte little-endian blocks folded by
 * multiplication from a length-dependent seed, then its 64-bit finaliser), as an unsigned
 * 64-bit number. Live detection computes batch's MinHash with it in JavaScript.
 */
export function duckdbHash(text: string): bigint {
  const bytes = utf8(text)
  const len = BigInt(bytes.length)
  let h = 0xe17a1465n ^ ((len * 0xc6a4a7935bd1e995n) & MASK)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const full = bytes.length - (bytes.length % 8)
  for (let i = 0; i < full; i += 8) h = ((h ^ view.getBigUint64(i, true)) * MIX) & MASK
  if (full < bytes.length) {
    let rest = 0n
    for (let i = bytes.length - 1; i >= full; i--) rest = (rest << 8n) | BigInt(bytes[i] as number)
    h = ((h ^ rest) * MIX) & MASK
  }
  return finalise(h)
}

/** DuckDB's `hash(a, b)` of two VARCHARs (its combination of the first hash with the second): how batch's `pid` numbers a post. */
export function duckdbHash2(a: string, b: string): bigint {
  const h = duckdbHash(a)
  return (((h ^ (h >> 32n)) * MIX) & MASK) ^ duckdbHash(b)
}

/** The words batch's MinHash reads: ASCII punctuation removed, split on single spaces (empty words kept, as `string_split` keeps them). */
export function textWords(text: string): string[] {
  return text.replace(/[!-/:-@[-`{-~]/g, '').split(' ')
}

/** The MinHash minima of a text, or `null` when it has fewer than three words (batch skips those). */
export function minHash(text: string): bigint[] | null {
  const words = textWords(text)
  if (words.length < 3) return null
  const mins = MINHASH_SEEDS.map(() => MASK)
  for (const word of new Set(words)) {
    const h = duckdbHash(word)
    for (let i = 0; i < mins.length; i++) {
      const v = h ^ (MINHASH_SEEDS[i] as bigint)
      if (v < (mins[i] as bigint)) mins[i] = v
    }
  }
  return mins
}

/** A text's LSH band keys: the band's number and its minima. Two texts share a key when the band's minima are equal. */
export function similarTextKeys(text: string): string[] {
  const mins = minHash(text)
  if (!mins) return []
  return Array.from(
    { length: LSH_BANDS },
    (_, b) =>
      `${b}:${mins
        .slice(b * LSH_ROWS, (b + 1) * LSH_ROWS)
        .map((m) => m.toString(16))
        .join(':')}`,
  )
}

/**
 * Whether two texts are similar as batch's exact check decides it: the distinct non-empty
 * words they share are at least `similarity` times the distinct words of both.
 */
export function similarTexts(a: string, b: string, similarity: number): boolean {
  const wa = new Set(textWords(a).filter((w) => w !== ''))
  const wb = new Set(textWords(b).filter((w) => w !== ''))
  let shared = 0
  for (const w of wa) if (wb.has(w)) shared++
  return shared >= similarity * (wa.size + wb.size - shared)
}

/**
 * Batch's exact check over `co-similar-text` candidates (pairs of posts sharing a band key
 * within the window): kept when their texts are similar, with the earlier post's text as
 * the object (batch's `hash(ntext)` of the window join's first post: the earlier one, or on
 * equal times the one of lower `hash(account, post)`). Other signals' pairs pass unchanged.
 */
export function similarTextPairs(pairs: readonly LivePair[], similarity: number): LivePair[] {
  const out: LivePair[] = []
  for (const p of pairs) {
    if (p.signal !== 'co-similar-text') {
      out.push(p)
      continue
    }
    const { textA, textB, ...pair } = p
    if (textA === undefined || textB === undefined || !similarTexts(textA, textB, similarity)) continue
    const aFirst = p.timeA !== p.timeB ? p.timeA < p.timeB : duckdbHash2(p.accountA, p.postA) < duckdbHash2(p.accountB, p.postB)
    out.push({ ...pair, object: aFirst ? textA : textB })
  }
  return out
}
