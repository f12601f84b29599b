import type { DetectSignal, LivePost } from '@vigil/contracts'

/** One object a post carries for one signal: the unit live detection routes and windows. */
export interface PostKey {
  readonly signal: DetectSignal
  readonly key: string
}

/**
 * The (signal, object) keys of a post for the window-join signals, named as batch's
 * `objectKeys` names them: `co-reshare` reads reshares, every other signal original posts. Each key once. `co-similar-text` is no
 * window-join object (MinHash/LSH bands find its pairs) and gives no key here.
 */
export function postKeys(post: LivePost, signals: readonly DetectSignal[]): PostKey[] {
  const out = new Map<string, PostKey>()
  const add = (signal: DetectSignal, key: string) => {
    out.set(`${signal}\u0000${key}`, { signal, key })
  }
  for (const signal of signals) {
    if (signal === 'co-reshare') {
      if (post.reshare) for (const r of post.reshared) add(signal, r)
      continue
    }
    if (post.reshare) continue
    switch (signal) {
      case 'co-link':
        for (const u of post.urls) add(signal, u)
        break
      case 'co-domain':
        for (const d of post.domains) add(signal, d)
        break
      case 'co-hashtag':
        for (const h of post.hashtags) add(signal, h)
        break
      case 'co-mention':
        for (const m of post.mentions) add(signal, m)
        break
      case 'co-reply':
        for (const r of post.replyTo) add(signal, r)
        break
      case 'co-image':
        for (const i of post.images) add(signal, i)
        break
      case 'co-text':
        for (const t of post.texts) add(signal, t)
        break
      case 'co-similar-text':
        break
    }
  }
  return [...out.values()]
}
