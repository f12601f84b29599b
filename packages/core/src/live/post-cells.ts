/**
 * The cell readers of batch detection's SQL (storage `detect/sql-text.ts`), in TypeScript,
 * so that a live post is normalised exactly as a dump row. Regular expressions follow RE2's
 * meaning: its `\s` is ASCII white space only, and DuckDB's `trim` and `lower`
 * differ from JavaScript's.
 * `storage/src/live/post-identity.test.ts` proves both readings equal on the real dumps.
 */

/** RE2's `\s`. */
const WS = '[\\t\\n\\f\\r ]'

/** What DuckDB's `trim` removes at the ends: space separators, not tabs or line breaks. */
const TRIM = /^\p{Zs}+|\p{Zs}+$/gu

/** DuckDB's `lower`: one code point for one (`İ` → `i`, `Σ` → `σ` everywhere). */
export function lower(v: string): string {
  return v.replace(/[\u0130\u03a3]/g, (c) => (c === '\u0130' ? 'i' : '\u03c3')).toLowerCase()
}

/** A cell without its surrounding spaces, `null` when nothing is left (`cleanSql`). */
export function cleanCell(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null
  const trimmed = v.startsWith(' ') || v.endsWith(' ') ? v.replace(TRIM, '') : v
  return trimmed === '' ? null : trimmed
}

const UTC_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)? ?(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/
const NUMBER = /^[+-]?(?:\d(?:_?\d)*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i
const HEX = /^0x[0-9a-f]+$/i
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms)
  const back = new Date(t)
  const valid = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60
  return valid ? t : null
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'UTC') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000
}

/**
 * Epoch ms of a cleaned time cell (`timeSql`): numbers of up to 11 characters are Unix
 * seconds, longer ones milliseconds (both rounded to whole ones); else an ISO-8601 date (UTC
 * unless it names an offset) or `M/D/YYYY H:MM[:SS]`. `null` when unreadable.
 */
export function parseTime(v: string): number | null {
  // DuckDB casts decimals (rounded), exponents, `_` separators and hex to BIGINT, so such
  // a cell takes the number branch too.
  const number = NUMBER.test(v) ? Number(v.replaceAll('_', '')) : HEX.test(v) ? Number.parseInt(v, 16) : undefined
  if (number !== undefined) {
    const n = Math.sign(number) * Math.round(Math.abs(number))
    return v.length - (v.startsWith('-') ? 1 : 0) <= 11 ? n * 1000 : n
  }
  const iso = UTC_DATE.exec(v)
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso
    const t = utc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), 0)
    if (t === null) return null
    return t + Math.floor(Number(`0.${frac ?? '0'}`) * 1000) - offsetMs(zone)
  }
  const us = US_DATE.exec(v)
  if (us) {
    const [, mo, d, y, h, mi, s] = us
    return utc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), 0)
  }
  return null
}

/** A cleaned list cell (`a b`, `a,b`, `[a, b]`, `["a","b"]`) as its items (`listSql`). */
export function parseList(v: string | null): string[] {
  if (v === null) return []
  if (!/[[, "'\t]/.test(v)) return [v]
  return v
    .replace(/^\[|\]$|["']/g, '')
    .split(new RegExp(`[${WS.slice(1, -1)},]+`))
    .filter((x) => x !== '')
}

const NEEDS_REWRITE = new RegExp(`https?://|^rt @|${WS}${WS}|[\\t\\n\\r]|^${WS}|${WS}$`, 'i')
const RT_PREFIX = new RegExp(`^rt @[a-z0-9_]+:?${WS}*`)
const URL_IN_TEXT = /https?:\/\/[^\t\n\f\r ]+/g
const WS_RUN = new RegExp(`${WS}+`, 'g')

/**
 * Text as `co-text`, `co-similar-text` and text-identified reshares compare it
 * (`normalisedTextSql`): lower case, a leading `RT @user:` removed, URLs removed, runs of
 * white space collapsed; `null` when nothing is left.
 */
export function normaliseText(v: string | null): string | null {
  if (v === null) return null
  const lowered = lower(v)
  if (!NEEDS_REWRITE.test(v)) return lowered === '' ? null : lowered
  const out = lowered.replace(RT_PREFIX, '').replace(URL_IN_TEXT, ' ').replace(WS_RUN, ' ').replace(TRIM, '')
  return out === '' ? null : out
}

const TEXT_URL = /https?:\/\/[^\t\n\f\r <>"]*[^\t\n\f\r <>".,;:!?'…)]/g
const TEXT_HASHTAG = /#([\p{L}\p{N}_]+)/gu
const TEXT_MENTION = /@([A-Za-z0-9_]+)/g

/** URLs, hashtags and mentions inside a text, for formats without columns for them (`FROM_TEXT`). */
export const FROM_TEXT_JS = {
  url: (t: string) => [...t.matchAll(TEXT_URL)].map((m) => m[0]),
  hashtag: (t: string) => [...t.matchAll(TEXT_HASHTAG)].map((m) => m[1] as string),
  mention: (t: string) => [...t.matchAll(TEXT_MENTION)].map((m) => m[1] as string),
} as const
