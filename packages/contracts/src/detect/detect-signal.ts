import { z } from 'zod'

/**
 * The account–account edge types of `vigil detect`, one per kind of shared object;
 * `co-profile` (the same or near-identical profile text or URL) has no time window.
 *
 * @example
 * DetectSignal.parse('co-link')
 */
export const DetectSignal = z.enum([
  'co-reshare',
  'co-link',
  'co-domain',
  'co-hashtag',
  'co-mention',
  'co-reply',
  'co-image',
  'co-text',
  'co-similar-text',
  'co-profile',
])
export type DetectSignal = z.infer<typeof DetectSignal>

/**
 * How an edge is weighed: `objects` (distinct objects co-posted), `posts` (the QUT
 * coordination-network-toolkit's count of matched posts, larger direction) or `pairs`
 * (CooRTweet's count of coordinated share pairs).
 *
 * @example
 * EdgeWeight.parse('pairs')
 */
export const EdgeWeight = z.enum(['objects', 'posts', 'pairs'])
export type EdgeWeight = z.infer<typeof EdgeWeight>

/**
 * How `--min-repeat` counts repetition for networks: `per-signal` (an edge of one signal
 * must repeat on its own) or `fused` (the coordinated post pairs of two accounts counted
 * across all signals, a pair of posts matching on several signals once; see docs/DETECT.md).
 *
 * @example
 * RepeatCount.parse('fused')
 */
export const RepeatCount = z.enum(['per-signal', 'fused'])
export type RepeatCount = z.infer<typeof RepeatCount>

/**
 * The normalised post fields a `--map field=column` may name.
 *
 * @example
 * MappableField.parse('account')
 */
export const MappableField = z.enum([
  'account',
  'account_name',
  'post',
  'time',
  'text',
  'url',
  'domain',
  'hashtag',
  'mention',
  'reshare_of',
  'reply_to',
  'image_hash',
  'label',
  'is_reshare',
  'account_created',
  'profile_text',
  'profile_url',
  'followers',
  'following',
  'client',
])
export type MappableField = z.infer<typeof MappableField>

/**
 * The text of `--map` (and of the web UI's column mapping): `field=column` pairs separated
 * by commas, each field once, at least `account` and `time`; parses to the mapping.
 *
 * @example
 * FieldMapText.parse('account=user, time=ts') // { account: 'user', time: 'ts' }
 */
export const FieldMapText = z.string().transform((text, ctx) => {
  const map: Partial<Record<MappableField, string>> = {}
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [field, column, ...rest] = part.split('=').map((s) => s.trim())
    const parsed = MappableField.safeParse(field)
    if (!parsed.success || !column || rest.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `"${part.trim()}" is not field=column with a known field (${MappableField.options.join(', ')})`,
      })
      return z.NEVER
    }
    if (map[parsed.data]) {
      ctx.addIssue({ code: 'custom', message: `${parsed.data} is mapped twice` })
      return z.NEVER
    }
    map[parsed.data] = column
  }
  if (!map.account || !map.time) {
    ctx.addIssue({ code: 'custom', message: 'a mapping needs at least account= and time=' })
    return z.NEVER
  }
  return map
})

/**
 * The input formats `vigil detect` recognises by their header (`generic` needs `--map`).
 *
 * @example
 * InputFormat.parse('coortweet')
 */
export const InputFormat = z.enum(['x-io-archive', 'ira-538', 'ira-538-by-author', 'nbc-ira', 'coortweet', 'generic'])
export type InputFormat = z.infer<typeof InputFormat>
