/** A SQL identifier, quoted. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A SQL string literal. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

/** Unix seconds (≤ 11 digits), milliseconds, or an ISO-8601 / `M/D/YYYY H:MM` date, as epoch ms. */
export function timeSql(v: string): string {
  return `CASE
    WHEN regexp_full_match(${v}, '-?\\d{1,11}') THEN TRY_CAST(${v} AS BIGINT) * 1000
    WHEN regexp_full_match(${v}, '\\d{12,16}') THEN TRY_CAST(${v} AS BIGINT)
    WHEN regexp_full_match(${v}, '\\d{1,11}\\.\\d+') THEN CAST(TRY_CAST(${v} AS DOUBLE) * 1000 AS BIGINT)
    ELSE epoch_ms(COALESCE(TRY_CAST(${v} AS TIMESTAMPTZ),
      try_strptime(${v}, '%m/%d/%Y %H:%M'), try_strptime(${v}, '%m/%d/%Y %H:%M:%S')))
  END`
}

/** A list cell (`a b`, `a,b`, `[a, b]`, `["a","b"]`) as a VARCHAR[] without empty items. */
export function listSql(v: string): string {
  return `list_filter(string_split_regex(regexp_replace(coalesce(trim(${v}), ''), '^\\[|\\]$|["'']', '', 'g'), '[\\s,]+'), x -> x <> '')`
}

/**
 * Text as compared by `co-text`, `co-similar-text` and text-identified reshares: lower
 * case, a leading `RT @user:` removed, URLs removed (shorteners differ per post), runs of
 * white space collapsed.
 */
export function normalisedTextSql(v: string): string {
  return `nullif(trim(regexp_replace(regexp_replace(regexp_replace(lower(${v}), '^rt @[a-z0-9_]+:?\\s*', ''), 'https?://\\S+', ' ', 'g'), '\\s+', ' ', 'g')), '')`
}

/** URLs, hashtags and mentions inside a text, for formats without columns for them. */
export const FROM_TEXT = {
  url: (t: string) => `regexp_extract_all(${t}, 'https?://[^\\s<>"]*[^\\s<>".,;:!?''…)]')`,
  hashtag: (t: string) => `regexp_extract_all(${t}, '#([\\p{L}\\p{N}_]+)', 1)`,
  mention: (t: string) => `regexp_extract_all(${t}, '@([A-Za-z0-9_]+)', 1)`,
} as const
