import { z } from 'zod'

/**
 * The account–account edge types of `vigil detect`, one per kind of shared object.
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
])
export type MappableField = z.infer<typeof MappableField>

/**
 * The input formats `vigil detect` recognises by their header (`generic` needs `--map`).
 *
 * @example
 * InputFormat.parse('coortweet')
 */
export const InputFormat = z.enum(['x-io-archive', 'ira-538', 'ira-538-by-author', 'nbc-ira', 'coortweet', 'generic'])
export type InputFormat = z.infer<typeof InputFormat>
