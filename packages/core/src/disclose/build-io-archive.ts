import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { VigilError } from '../shared/errors.js'

/** One post of a dump, as `vigil detect` reads it, with the author's profile where the dump has it. */
export interface ArchivePost {
  readonly account: string
  readonly post: string
  readonly time: Date
  readonly text?: string | null
  readonly reshareOf?: string | null
  readonly replyTo?: string | null
  /** A reshare whose original the dump does not name (FiveThirtyEight's `retweet` flag). */
  readonly isReshare?: boolean
  readonly screenName?: string | null
  readonly displayName?: string | null
  readonly followers?: number | null
}

/** What a researchers' archive is made of. */
export interface IoArchiveInput {
  /** The network's accounts: their posts make `tweets.csv`, they make `users.csv`. */
  readonly members: readonly string[]
  /** The dump's posts: the members' own, and any others they reshare or reply to (to name those authors). */
  readonly posts: readonly ArchivePost[]
  /** The release's HMAC key (at least 32 bytes), never published: a new key for each release. */
  readonly secret: Uint8Array
  /** Accounts with fewer followers are hashed (X's rule: 5,000). */
  readonly threshold?: number
  readonly releaseDate: Date
}

/** The files of a researchers' archive, as rows (header first) and README text. */
export interface IoArchive {
  readonly tweets: readonly (readonly string[])[]
  readonly users: readonly (readonly string[])[]
  readonly readme: string
  /** How many accounts named in the archive were hashed, and how many kept their names. */
  readonly hashedAccounts: number
  readonly keptAccounts: number
}

/** The columns of the users file of X's information-operations archive (the `thailand_092020` release, October 2020). */
export const IO_USERS_COLUMNS = [
  'userid',
  'user_display_name',
  'user_screen_name',
  'user_reported_location',
  'user_profile_description',
  'user_profile_url',
  'follower_count',
  'following_count',
  'account_creation_date',
  'account_language',
] as const

/** The columns of the archive's tweets file: the tweet id, the author's user columns, then the tweet's. */
export const IO_TWEETS_COLUMNS = [
  'tweetid',
  ...IO_USERS_COLUMNS,
  'tweet_language',
  'tweet_text',
  'tweet_time',
  'tweet_client_name',
  'in_reply_to_userid',
  'in_reply_to_tweetid',
  'quoted_tweet_tweetid',
  'is_retweet',
  'retweet_userid',
  'retweet_tweetid',
  'latitude',
  'longitude',
  'quote_count',
  'reply_count',
  'like_count',
  'retweet_count',
  'hashtags',
  'urls',
  'user_mentions',
] as const

export const DEFAULT_HASH_THRESHOLD = 5_000

interface Profile {
  readonly account: string
  screenName: string | null
  displayName: string | null
  followers: number | null
  latest: number
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const pyList = (items: readonly string[]) => `[${items.map((i) => `'${i}'`).join(', ')}]`

/**
 * The `tweets.csv` and `users.csv` rows and the README of a network's researchers' archive,
 * in the columns of X's information-operations archive. An account with fewer than
 * `threshold` followers at its latest post (or with no follower count in the dump) has its
 * id, screen name and display name replaced by HMAC-SHA-256 of its id under the release's
 * secret (hex), in its own rows, in `in_reply_to_userid` and `retweet_userid`, and wherever
 * its id or names occur in a text; an `@handle` of an account the dump does not know is
 * hashed too. The same key gives the same hashes, so the two files join; another key gives others.
 *
 * @example
 * const archive = buildIoArchive({ members: ['a1'], posts, secret: randomBytes(32), releaseDate: new Date() })
 * archive.tweets[0] // IO_TWEETS_COLUMNS
 */
export function buildIoArchive(input: IoArchiveInput): IoArchive {
  if (input.secret.length < 32) throw new VigilError('VALIDATION_FAILED', 'the release secret must be at least 32 bytes')
  const threshold = input.threshold ?? DEFAULT_HASH_THRESHOLD
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new VigilError('VALIDATION_FAILED', `the follower threshold must be a whole number ≥ 0, not ${threshold}`)
  }
  const members = new Set(input.members)
  const ownPosts = input.posts.filter((p) => members.has(p.account))
  if (ownPosts.length === 0) {
    throw new VigilError('DISCLOSE_SELECTION_INVALID', 'the selection is empty: no post of the network is in the dump')
  }

  const profiles = new Map<string, Profile>()
  const authorOf = new Map<string, string>()
  for (const p of input.posts) {
    if (!authorOf.has(p.post)) authorOf.set(p.post, p.account)
    const t = p.time.getTime()
    const prof = profiles.get(p.account) ?? { account: p.account, screenName: null, displayName: null, followers: null, latest: -Infinity }
    const newer = t >= prof.latest
    if (p.screenName && (newer || prof.screenName === null)) prof.screenName = p.screenName
    if (p.displayName && (newer || prof.displayName === null)) prof.displayName = p.displayName
    if (p.followers != null && (newer || prof.followers === null)) prof.followers = p.followers
    if (newer) prof.latest = t
    profiles.set(p.account, prof)
  }
  for (const m of members)
    if (!profiles.has(m)) profiles.set(m, { account: m, screenName: null, displayName: null, followers: null, latest: -Infinity })

  const keyed = (key: string) => bytesToHex(hmac(sha256, input.secret, utf8ToBytes(key)))
  const isHashed = (prof: Profile) => prof.followers === null || prof.followers < threshold
  const hashes = new Map<string, string>()
  const idOf = (account: string) => {
    const prof = profiles.get(account)
    if (prof !== undefined && !isHashed(prof)) return account
    let h = hashes.get(account)
    if (h === undefined) {
      h = keyed(`account:${account}`)
      hashes.set(account, h)
    }
    return h
  }

  // Each raw id or name, case-folded, stands for its account; longer values win where two overlap.
  const byValue = new Map<string, Profile>()
  for (const prof of profiles.values()) {
    for (const v of [prof.account, prof.screenName, prof.displayName]) {
      if (v && !byValue.has(v.toLowerCase())) byValue.set(v.toLowerCase(), prof)
    }
  }
  const values = [...byValue.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp)
  const pattern = new RegExp(`@(\\w+)${values.length > 0 ? `|${values.join('|')}` : ''}`, 'giu')
  const redact = (text: string) =>
    text.replace(pattern, (match: string, handle: string | undefined) => {
      const prof = byValue.get((handle ?? match).toLowerCase())
      if (handle !== undefined && prof === undefined) return `@${keyed(`handle:${handle.toLowerCase()}`)}`
      if (prof === undefined || !isHashed(prof)) return match
      return handle !== undefined ? `@${idOf(prof.account)}` : idOf(prof.account)
    })

  const profileCells = (account: string) => {
    const prof = profiles.get(account) as Profile
    const id = idOf(account)
    const hashed = id !== account
    return {
      id,
      displayName: hashed ? id : (prof.displayName ?? ''),
      screenName: hashed ? id : (prof.screenName ?? ''),
      followers: prof.followers === null ? '' : String(prof.followers),
    }
  }
  const authorCell = (post: string | null | undefined) => {
    const author = post ? authorOf.get(post) : undefined
    return author === undefined ? '' : idOf(author)
  }

  const sorted = [...ownPosts].sort((a, b) => a.time.getTime() - b.time.getTime() || (a.post < b.post ? -1 : a.post > b.post ? 1 : 0))
  const tweets: string[][] = [[...IO_TWEETS_COLUMNS]]
  for (const p of sorted) {
    const u = profileCells(p.account)
    const text = redact(p.text ?? '')
    const reshare = p.isReshare === true || Boolean(p.reshareOf)
    const row: Record<(typeof IO_TWEETS_COLUMNS)[number], string> = {
      tweetid: p.post,
      userid: u.id,
      user_display_name: u.displayName,
      user_screen_name: u.screenName,
      user_reported_location: '',
      user_profile_description: '',
      user_profile_url: '',
      follower_count: u.followers,
      following_count: '',
      account_creation_date: '',
      account_language: '',
      tweet_language: '',
      tweet_text: text,
      // X's archive gives times to the minute, in UTC.
      tweet_time: p.time.toISOString().slice(0, 16).replace('T', ' '),
      tweet_client_name: '',
      in_reply_to_userid: authorCell(p.replyTo),
      in_reply_to_tweetid: p.replyTo ?? '',
      quoted_tweet_tweetid: '',
      is_retweet: reshare ? 'true' : 'false',
      retweet_userid: authorCell(p.reshareOf),
      retweet_tweetid: p.reshareOf ?? '',
      latitude: 'absent',
      longitude: 'absent',
      quote_count: '',
      reply_count: '',
      like_count: '',
      retweet_count: '',
      hashtags: pyList([...text.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => m[1] as string)),
      urls: pyList([...text.matchAll(/https?:\/\/[^\s'"]+/g)].map((m) => m[0])),
      user_mentions: pyList([...text.matchAll(/@(\w+)/g)].map((m) => m[1] as string)),
    }
    tweets.push(IO_TWEETS_COLUMNS.map((c) => row[c]))
  }

  const users: string[][] = [...members]
    .map((m) => {
      const u = profileCells(m)
      return [u.id, u.displayName, u.screenName, '', '', '', u.followers, '', '', '']
    })
    .sort((a, b) => (a[0] as string).localeCompare(b[0] as string))

  const named = new Set([...members, ...ownPosts.flatMap((p) => [p.replyTo, p.reshareOf].map((x) => (x ? authorOf.get(x) : undefined)))])
  named.delete(undefined)
  const hashedAccounts = [...named].filter((a) => idOf(a as string) !== a).length
  return {
    tweets,
    users: [[...IO_USERS_COLUMNS], ...users],
    readme: renderReadme(threshold, input.releaseDate, sorted.length, members.size),
    hashedAccounts,
    keptAccounts: named.size - hashedAccounts,
  }
}

function renderReadme(threshold: number, releaseDate: Date, posts: number, accounts: number): string {
  return `Researchers' archive of a coordinated network
Released ${releaseDate.toISOString().slice(0, 10)} by Vigil (vigil disclose archive).

Files
- tweets.csv: the network's ${posts} posts, in the columns of X's information-operations archive.
- users.csv: the network's ${accounts} accounts.

Hashing rule
- An account with fewer than ${threshold} followers at its latest post in the dump, or with no
  follower count in the dump, has its account id, screen name and display name replaced by
  HMAC-SHA-256 of its account id, written in hex, under a secret key of this release.
- The same replacement is made wherever such an account appears in other rows
  (in_reply_to_userid, retweet_userid) and wherever its id or names occur inside a text
  (@mentions included). An @mention of an account the dump does not describe is hashed too.
- Hashes are the same throughout this release, so tweets.csv and users.csv join on userid.
  Each release has its own key, so hashes differ between releases. The key is not published.
- Accounts with ${threshold} followers or more keep their ids and names.

Times (tweet_time) are UTC, to the minute. Columns the dump does not provide are empty;
latitude and longitude are "absent", as in X's archives.
`
}
