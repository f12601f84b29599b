// `npm run bench -- route-keys`: what routing costs the publisher (and the worker, which
// expands a message's posts again): `routePosts` over the X Thailand takedown (21,385 posts,
// 9,939 originals with text; VIGIL_SHARED_DIR), 16 partitions, three passes, with the six
// window-join signals and then with `co-similar-text` (its MinHash/LSH band keys).
import { join } from 'node:path'
import type { DetectSignal, LivePost } from '@vigil/contracts'
import { routePosts } from '@vigil/core'
import { readDumpPosts } from '@vigil/storage'

const shared = process.env.VIGIL_SHARED_DIR ?? '../shared'
const posts: LivePost[] = []
for await (const s of readDumpPosts([join(shared, 'data/cib/x_io_archive/thailand_092020_tweets_csv_hashed.csv.gz')])) {
  posts.push(...s.posts)
}
const SIX: DetectSignal[] = ['co-reshare', 'co-link', 'co-domain', 'co-hashtag', 'co-mention', 'co-text']
for (const [label, signals] of [
  ['six signals', SIX],
  ['six signals and co-similar-text', [...SIX, 'co-similar-text']],
] as const) {
  const t0 = performance.now()
  for (let r = 0; r < 3; r++) routePosts(posts, signals, 16)
  console.log(`${label}: ${Math.round((3 * posts.length) / ((performance.now() - t0) / 1000))} posts/s routed`)
}
