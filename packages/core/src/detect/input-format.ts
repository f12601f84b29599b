import type { DetectSignal, InputFormat, MappableField } from '@vigil/contracts'
import { FieldMapText, MappableField as MappableFieldSchema } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'

/**
 * How one input format becomes normalised posts: the header columns that identify it and
 * the column(s) each field comes from (several for list fields such as `url`). A post is a
 * reshare when `reshare_of` is set, or when the `is_reshare` column holds one of
 * `reshareValues` (compared case-insensitively).
 */
export interface FormatSpec {
  readonly format: InputFormat
  readonly columns: readonly string[]
  readonly fields: Readonly<Partial<Record<MappableField, readonly string[]>>>
  readonly reshareValues: readonly string[]
}

const TRUTHY = ['true', 't', '1', 'yes', 'y', 'r', 'rt', 'retweet']

const X_IO_ARCHIVE: FormatSpec = {
  format: 'x-io-archive',
  columns: ['tweetid', 'userid', 'tweet_text', 'tweet_time', 'is_retweet', 'retweet_tweetid'],
  fields: {
    post: ['tweetid'],
    account: ['userid'],
    account_name: ['user_screen_name'],
    time: ['tweet_time'],
    text: ['tweet_text'],
    url: ['urls'],
    hashtag: ['hashtags'],
    mention: ['user_mentions'],
    reshare_of: ['retweet_tweetid'],
    reply_to: ['in_reply_to_tweetid'],
    is_reshare: ['is_retweet'],
    account_created: ['account_creation_date'],
    profile_text: ['user_profile_description'],
    profile_url: ['user_profile_url'],
    followers: ['follower_count'],
    following: ['following_count'],
    client: ['tweet_client_name'],
  },
  reshareValues: TRUTHY,
}

const IRA_538: FormatSpec = {
  format: 'ira-538',
  columns: ['external_author_id', 'author', 'content', 'publish_date', 'post_type', 'tweet_id'],
  fields: {
    post: ['tweet_id'],
    account: ['external_author_id'],
    account_name: ['author'],
    time: ['publish_date'],
    text: ['content'],
    url: ['tco1_step1', 'tco2_step1', 'tco3_step1'],
    label: ['account_category'],
    is_reshare: ['post_type'],
    followers: ['followers'],
    following: ['following'],
  },
  reshareValues: ['retweet'],
}

// bet4a's per-author re-split of the same data: no tweet id, no expanded URL; `post_type`
// is R (retweet), Q (quote) or empty, and `retweet` is 1 for quotes too, so only R counts.
const IRA_538_BY_AUTHOR: FormatSpec = {
  format: 'ira-538-by-author',
  columns: ['author_id', 'content', 'publish_date', 'post_type', 'retweet'],
  fields: {
    account: ['author_id'],
    time: ['publish_date'],
    text: ['content'],
    is_reshare: ['post_type'],
    followers: ['followers'],
    following: ['following'],
  },
  reshareValues: ['r'],
}

const NBC_IRA: FormatSpec = {
  format: 'nbc-ira',
  columns: ['user_id', 'user_key', 'created_at', 'text', 'tweet_id', 'retweeted_status_id'],
  fields: {
    post: ['tweet_id'],
    account: ['user_id'],
    account_name: ['user_key'],
    time: ['created_at'],
    text: ['text'],
    url: ['expanded_urls'],
    hashtag: ['hashtags'],
    mention: ['mentions'],
    reshare_of: ['retweeted_status_id'],
    reply_to: ['in_reply_to_status_id'],
  },
  reshareValues: [],
}

const COORTWEET: FormatSpec = {
  format: 'coortweet',
  columns: ['object_id', 'account_id', 'content_id', 'timestamp_share'],
  fields: { post: ['content_id'], account: ['account_id'], time: ['timestamp_share'], reshare_of: ['object_id'] },
  reshareValues: [],
}

/** The named formats, most specific first: the first whose columns the header holds wins. */
export const KNOWN_FORMATS: readonly FormatSpec[] = [X_IO_ARCHIVE, IRA_538, NBC_IRA, IRA_538_BY_AUTHOR, COORTWEET]

/**
 * The format of a file from its header columns, or from `--map` (then `generic`). A map
 * naming a column the header lacks, or a header no format knows, is an error.
 *
 * @example
 * detectFormat(['object_id', 'account_id', 'content_id', 'timestamp_share']).format // 'coortweet'
 */
export function detectFormat(header: readonly string[], map?: Readonly<Partial<Record<MappableField, string>>>): FormatSpec {
  const present = new Set(header)
  if (map) {
    const missing = Object.values(map).filter((c) => !present.has(c))
    if (missing.length > 0) {
      throw new VigilError('DETECT_INPUT_INVALID', `--map names column(s) the input lacks: ${missing.join(', ')}`)
    }
    const fields = Object.fromEntries(Object.entries(map).map(([f, c]) => [f, [c]]))
    return { format: 'generic', columns: Object.values(map), fields, reshareValues: TRUTHY }
  }
  const known = KNOWN_FORMATS.find((f) => f.columns.every((c) => present.has(c)))
  if (!known) {
    const shown = header.slice(0, 8).join(',')
    throw new VigilError(
      'DETECT_INPUT_INVALID',
      `unrecognised header (${shown}${header.length > 8 ? ',…' : ''}): give --map field=column,…`,
    )
  }
  // Optional columns (a list field's extra columns) count only when present.
  const fields = Object.fromEntries(
    Object.entries(known.fields)
      .map(([f, cols]) => [f, (cols ?? []).filter((c) => present.has(c))] as const)
      .filter(([, cols]) => cols.length > 0),
  )
  return { ...known, fields }
}

/**
 * Parses `--map account=user_id,time=created_at,…`; `account` and `time` are required.
 *
 * @example
 * parseFieldMap('account=user,time=ts') // { account: 'user', time: 'ts' }
 */
export function parseFieldMap(text: string): Partial<Record<MappableField, string>> {
  const parsed = FieldMapText.safeParse(text)
  if (!parsed.success) {
    throw new VigilError('VALIDATION_FAILED', `--map: ${parsed.error.issues[0]?.message ?? 'not field=column pairs'}`, {
      fields: MappableFieldSchema.options,
    })
  }
  return parsed.data
}

/**
 * The signals a format has the fields for. URLs, domains, hashtags and mentions come from
 * the text when there is no column for them; reshares need an id or a reshare flag;
 * `co-profile` a profile text or URL.
 *
 * @example
 * availableSignals(detectFormat(['object_id', 'account_id', 'content_id', 'timestamp_share'])) // ['co-reshare']
 */
export function availableSignals(spec: FormatSpec): DetectSignal[] {
  const has = (f: MappableField) => (spec.fields[f]?.length ?? 0) > 0
  const text = has('text')
  const out: DetectSignal[] = []
  if (has('reshare_of') || (has('is_reshare') && text)) out.push('co-reshare')
  if (has('url') || text) out.push('co-link')
  if (has('domain') || has('url') || text) out.push('co-domain')
  if (has('hashtag') || text) out.push('co-hashtag')
  if (has('mention') || text) out.push('co-mention')
  if (has('reply_to')) out.push('co-reply')
  if (has('image_hash')) out.push('co-image')
  if (text) out.push('co-text', 'co-similar-text')
  if (has('profile_text') || has('profile_url')) out.push('co-profile')
  return out
}
