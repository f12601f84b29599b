import type { DetectSignal, LivePost } from '@vigil/contracts'
import { similarTextKeys } from './similar-text.js'

/** One object a post carries for one signal: the unit live detection routes and windows. */
export interface PostKey {
  readonly signal: DetectSignal
  readonly key: string
  /** For `co-similar-text`, whose keys are LSH bands: the text the band is of (the Jaccard check reads it). */
  readonly text?: string
}

// Where each window-join signal finds its objects on an original post.
const OBJECTS_OF: Readonly<Record<Exclude<DetectSignal, 'co-reshare'>, (post: LivePost) => readonly string[]>> = {
  'co-link': (p) => p.urls,
  'co-domain': (p) => p.domains,
  'co-hashtag': (p) => p.hashtags,
  'co-mention': (p) => p.mentions,
  'co-reply': (p) => p.replyTo,
  'co-image': (p) => p.images,
  'co-text': (p) => p.texts,
  'co-similar-text': () => [],
  'co-profile': () => [],
}

/**
 * The (signal, object) keys of a post for the window-join signals, named as batch's
 * `objectKeys` names them: `co-reshare` reads reshares, every other signal original posts.
 * Each key once. `co-similar-text` gives each text's LSH band keys ({@link similarTextKeys},
 * batch's MinHash), with the text; `co-profile` (an account field) gives none.
 */
export function postKeys(post: LivePost, signals: readonly DetectSignal[]): PostKey[] {
  const out = new Map<string, PostKey>()
  for (const signal of signals) {
    // A reshare carries objects for co-reshare only; an original post for every other signal.
    if ((signal === 'co-reshare') !== post.reshare) continue
    if (signal === 'co-similar-text') {
      for (const text of post.texts) for (const key of similarTextKeys(text)) out.set(`${signal}\u0000${key}`, { signal, key, text })
      continue
    }
    const keys = signal === 'co-reshare' ? post.reshared : OBJECTS_OF[signal](post)
    for (const key of keys) out.set(`${signal}\u0000${key}`, { signal, key })
  }
  return [...out.values()]
}
