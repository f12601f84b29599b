import type { LivePost, MappableField } from '@vigil/contracts'
import type { FormatSpec } from '../detect/input-format.js'
import { domainOf, normaliseUrl } from '../detect/normalise-url.js'
import { cleanCell, FROM_TEXT_JS, lower, normaliseText, parseList, parseTime } from './post-cells.js'

/** A record's raw cell by column name (`null` or `undefined` when absent). */
export type CellOf = (column: string) => string | null | undefined

// Shorteners name the service, not the site the link leads to: as a co-domain object they
// would link everyone who posted any shortened link (as batch's `build-objects.ts`).
const SHORTENER_DOMAINS = new Set(['t.co', 'bit.ly', 'ow.ly', 'buff.ly', 'dlvr.it', 'ift.tt', 'goo.gl', 'tinyurl.com', 'fb.me'])

/** A record that is no post: the reason, as batch reports a bad row. */
export interface BadPost {
  readonly bad: string
}

/**
 * One dump record (or API line) as a {@link LivePost}, read as batch reads a row
 * (`load-rows.ts` and `build-objects.ts`): cells cleaned, time parsed, text normalised,
 * list fields split (URLs, hashtags and mentions from the text when the format has no
 * column for them), URLs normalised, domains taken from the domain column or else from the
 * URLs (without shorteners), tags and mentions lower case without their `#`/`@`.
 * `fallbackPost` names a post of a format without post ids (`row:<file>:<record>`).
 */
export function livePostFromCells(spec: FormatSpec, cell: CellOf, fallbackPost: string): LivePost | BadPost {
  const columns = (f: MappableField) => spec.fields[f] ?? []
  const one = (f: MappableField) => {
    const [column] = columns(f)
    return column === undefined ? null : cleanCell(cell(column))
  }
  const text = one('text')
  const list = (f: 'url' | 'hashtag' | 'mention' | 'domain') => {
    if (columns(f).length > 0) return columns(f).flatMap((c) => parseList(cleanCell(cell(c))))
    return f !== 'domain' && text !== null ? FROM_TEXT_JS[f](text) : []
  }
  const account = one('account')
  const rawTime = one('time')
  if (account === null) return { bad: 'no account' }
  if (rawTime === null) return { bad: 'no time' }
  const time = parseTime(rawTime)
  if (time === null) return { bad: `unreadable time: ${rawTime.slice(0, 40)}` }
  const reshareOf = one('reshare_of')
  const flag = one('is_reshare')
  const urls = list('url')
    .map(normaliseUrl)
    .filter((u) => u !== '')
  const domains =
    columns('domain').length > 0
      ? list('domain').map(lower)
      : urls.flatMap((u) => {
          const d = domainOf(u)
          return d === undefined || SHORTENER_DOMAINS.has(d) ? [] : [d]
        })
  const tags = (items: string[], mark: string) =>
    items
      .map((v) => v.replace(new RegExp(`^${mark}+`), ''))
      .map(lower)
      .filter((v) => v !== '')
  const ntext = normaliseText(text)
  const post: LivePost = {
    account,
    post: one('post') ?? fallbackPost,
    time,
    reshare: reshareOf !== null || (flag !== null && spec.reshareValues.includes(flag.toLowerCase())),
    urls,
    domains,
    hashtags: tags(list('hashtag'), '#'),
    mentions: tags(list('mention'), '@'),
    images: present(one('image_hash')),
    texts: present(ntext),
    reshared: present(reshareOf ?? (ntext === null ? null : `text:${ntext}`)),
    replyTo: present(one('reply_to')),
  }
  return post
}

const present = (v: string | null): string[] => (v === null ? [] : [v])

/** Whether {@link livePostFromCells} refused the record. */
export function isBadPost(p: LivePost | BadPost): p is BadPost {
  return 'bad' in p
}

/**
 * One post spread over several records (a dump with one row per post and object): the
 * earliest time, a reshare when any record is one, the objects of all records, as batch
 * gives every row of a post its post's earliest time and reshare flag.
 */
export function mergeLivePosts(a: LivePost, b: LivePost): LivePost {
  return {
    account: a.account,
    post: a.post,
    time: Math.min(a.time, b.time),
    reshare: a.reshare || b.reshare,
    urls: [...a.urls, ...b.urls],
    domains: [...a.domains, ...b.domains],
    hashtags: [...a.hashtags, ...b.hashtags],
    mentions: [...a.mentions, ...b.mentions],
    images: [...a.images, ...b.images],
    texts: [...a.texts, ...b.texts],
    reshared: [...a.reshared, ...b.reshared],
    replyTo: [...a.replyTo, ...b.replyTo],
  }
}
