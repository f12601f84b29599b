// `npm run bench -- touched`: what recomputing only the touched components saves the live
// aggregator. On the generated dump (detect-generate.ts, seed 1, VIGIL_BENCH_POSTS, default
// 100000), six signals, 16 partitions, real NATS and PostgreSQL (a scratch database): 90 %
// of the posts are drained by one worker, then the aggregator's first round (the whole
// feed), then five slices of 2 % of the posts and a planted burst of new accounts, each
// drained and followed by one aggregator round (the touched components only) and, for
// comparison, a recomputation of the whole feed (`liveDetection`).
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LivePost } from '@vigil/contracts'
import { parseFieldMap } from '@vigil/core'
import { createLiveAggregator, isDrained, liveDetection, openPostStream, readDumpPosts, runLiveWorker } from '@vigil/storage'
import { GENERATED_MAP, generateDump } from './detect-generate.js'
import { openLiveBench } from './live-setup.js'

const size = Number(process.env.VIGIL_BENCH_POSTS ?? 100_000)
const bench = await openLiveBench()
const { nc, db } = bench

const dump = join(tmpdir(), 'vigil-bench', `dump-${size}-seed1-v2.csv`)
await mkdir(join(tmpdir(), 'vigil-bench'), { recursive: true })
if (!existsSync(dump)) await generateDump(dump, { posts: size, seed: 1 })
const posts: LivePost[] = []
for await (const step of readDumpPosts([dump], parseFieldMap(GENERATED_MAP))) posts.push(...step.posts)
posts.sort((a, b) => a.time - b.time)

const { orgId, feed } = await bench.newFeed()
const seconds = async <T>(f: () => Promise<T>): Promise<[T, string]> => {
  const t0 = performance.now()
  const r = await f()
  return [r, ((performance.now() - t0) / 1000).toFixed(2)]
}

try {
  const stream = await openPostStream(nc, orgId, feed)
  const worker = await runLiveWorker({ nc, orgId, feed, db: db, aggregateEveryMs: 0 })
  const drain = async (batch: readonly LivePost[]) => {
    for (let i = 0; i < batch.length; i += 20_000) await stream.publish(batch.slice(i, i + 20_000))
    while (!(await isDrained(nc, orgId, feed))) await new Promise((r) => setTimeout(r, 100))
  }
  const cut = Math.floor(posts.length * 0.9)
  await drain(posts.slice(0, cut))
  const aggregator = createLiveAggregator(db, orgId, feed)
  const [first, firstS] = await seconds(() => aggregator.update())
  const networks = first?.networks.networks ?? []
  console.log(
    `${posts.length} posts; first round (whole feed) after ${cut}: ${firstS} s, ${networks.length} networks, ` +
      `${first?.accounts} accounts with a network edge; the machine is shared with other sessions`,
  )
  const step = Math.floor(posts.length * 0.02)
  const last = posts.at(-1)?.time ?? 0
  const burst: LivePost[] = Array.from({ length: 6 }, (_, i) => i).flatMap((i) =>
    ['#burst-a', '#burst-b'].map((tag, k) => ({
      account: `burst-${i}`,
      post: `burst-${i}-${k}`,
      time: last + 1000 + i * 1000 + k * 5000,
      reshare: false,
      texts: [`vote ${tag}`],
      reshared: [],
      replyTo: [],
      urls: [],
      domains: [],
      hashtags: [tag.slice(1)],
      mentions: [],
      images: [],
    })),
  )
  const slices = [0, 1, 2, 3, 4].map((k) => ({ name: `2 % slice ${k + 1}`, posts: posts.slice(cut + k * step, cut + (k + 1) * step) }))
  for (const { name, posts: batch } of [...slices, { name: 'planted burst', posts: burst }]) {
    await drain(batch)
    const [update, roundS] = await seconds(() => aggregator.update())
    const [whole, wholeS] = await seconds(() => liveDetection(db, orgId, feed.name, feed.params))
    const same = JSON.stringify(update?.networks.networks) === JSON.stringify(whole.networks.networks)
    console.log(
      `${name} (${batch.length} posts): round ${roundS} s, ${update?.accounts ?? 0} accounts and ${update?.recomputed.length ?? 0} networks recomputed` +
        ` of ${whole.networks.networks.length}; whole feed ${wholeS} s; ${update === undefined ? 'no round' : same ? 'equal' : 'DIFFERENT'}`,
    )
  }
  await worker.stop()
} finally {
  await bench.close()
}
