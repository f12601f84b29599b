/** A SQL identifier, quoted. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A SQL string literal. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

/**
 * A cell without its surrounding spaces, NULL when nothing is left. The ends are checked
 * first: most cells have no spaces to trim, and `trim` copies every string it is given.
 */
export function cleanSql(v: string): string {
  return `nullif(CASE WHEN starts_with(${v}, ' ') OR ends_with(${v}, ' ') THEN trim(${v}) ELSE ${v} END, '')`
}

/** Unix seconds (≤ 11 digits), milliseconds, or an ISO-8601 / `M/D/YYYY H:MM` date, as epoch ms, of a cleaned cell ({@link cleanSql}). */
export function timeSql(v: string): string {
  // Whole numbers first (the common case, and cheap): up to 11 digits are seconds.
  return `CASE
    WHEN TRY_CAST(${v} AS BIGINT) IS NOT NULL THEN
      CASE WHEN length(${v}) - starts_with(${v}, '-')::INTEGER <= 11 THEN TRY_CAST(${v} AS BIGINT) * 1000 ELSE TRY_CAST(${v} AS BIGINT) END
    WHEN regexp_full_match(${v}, '\\d{1,11}\\.\\d+') THEN CAST(TRY_CAST(${v} AS DOUBLE) * 1000 AS BIGINT)
    ELSE epoch_ms(COALESCE(TRY_CAST(${v} AS TIMESTAMPTZ),
      try_strptime(${v}, '%m/%d/%Y %H:%M'), try_strptime(${v}, '%m/%d/%Y %H:%M:%S')))
  END`
}

/** A cleaned list cell (`a b`, `a,b`, `[a, b]`, `["a","b"]`, see {@link cleanSql}) as a VARCHAR[] without empty items. */
export function listSql(v: string): string {
  // A single plain value (most cells) skips the regular expressions.
  return `CASE WHEN ${v} IS NULL THEN []::VARCHAR[]
    WHEN NOT (contains(${v}, '[') OR contains(${v}, ',') OR contains(${v}, ' ') OR contains(${v}, '"')
      OR contains(${v}, '''') OR contains(${v}, chr(9))) THEN [${v}]
    ELSE list_filter(string_split_regex(regexp_replace(${v}, '^\\[|\\]$|["'']', '', 'g'), '[\\s,]+'), x -> x <> '') END`
}

/**
 * Text as compared by `co-text`, `co-similar-text` and text-identified reshares: lower
 * case, a leading `RT @user:` removed, URLs removed (shorteners differ per post), runs of
 * white space collapsed.
 */
export function normalisedTextSql(v: string): string {
  const lower = `lower(${v})`
  // One search decides whether the three rewrites are needed; most texts need none.
  return `CASE WHEN ${v} IS NULL THEN NULL
    WHEN NOT regexp_matches(${v}, '(?i)https?://|^rt @|\\s\\s|[\\t\\n\\r]|^\\s|\\s$') THEN nullif(${lower}, '')
    ELSE nullif(trim(regexp_replace(regexp_replace(regexp_replace(${lower}, '^rt @[a-z0-9_]+:?\\s*', ''), 'https?://\\S+', ' ', 'g'), '\\s+', ' ', 'g')), '') END`
}

/** URLs, hashtags and mentions inside a text, for formats without columns for them. */
export const FROM_TEXT = {
  url: (t: string) => `regexp_extract_all(${t}, 'https?://[^\\s<>"]*[^\\s<>".,;:!?''…)]')`,
  hashtag: (t: string) => `regexp_extract_all(${t}, '#([\\p{L}\\p{N}_]+)', 1)`,
  mention: (t: string) => `regexp_extract_all(${t}, '@([A-Za-z0-9_]+)', 1)`,
} as const
