// `npm run bench -- live-memory`: a worker's memory over a long replay. One worker process
// runs as `vigil live worker` does (16 partitions, six signals, aggregator every 2 s, alerts
// stored) and samples its heap and RSS every 5 s, while this process publishes synthetic
// traffic (live-setup.ts's background, event time advancing 10,000 posts a second, a planted
// burst every 100,000 posts) as fast as the worker takes it (at most LIVE_BENCH_LAG messages,
// default 2,000, not yet acknowledged). Stops after LIVE_BENCH_REPLAY posts (default
// 10,000,000) or LIVE_BENCH_MINUTES (default 8, to keep within a share of the machine).
import { openPostStream } from '@vigil/storage'
import { backgroundPosts, burstPosts, envNumber, load, mib, openLiveBench, sleep } from './live-setup.js'

const total = envNumber('LIVE_BENCH_REPLAY', 10_000_000)
const minutes = envNumber('LIVE_BENCH_MINUTES', 8)
const maxLag = envNumber('LIVE_BENCH_LAG', 2_000)

const bench = await openLiveBench()
try {
  const { orgId, feed } = await bench.newFeed(undefined, true)
  const stream = await openPostStream(bench.nc, orgId, feed)
  const worker = bench.startWorker(orgId, feed, { alerts: true, aggregateEveryMs: 2_000, memoryEveryMs: 5_000 })
  let last = { heap: 0, rss: 0 }
  const samples: { s: number; posts: number; heap: number; rss: number }[] = []
  let published = 0
  let alerts = 0
  const t0 = Date.now()
  worker.on((e) => {
    if (e.e === 'alert') alerts++
    if (e.e !== 'memory') return
    last = e
    samples.push({ s: (e.at - t0) / 1000, posts: published, heap: e.heap, rss: e.rss })
  })
  const next = backgroundPosts(3)
  const start = Date.now() - 86_400_000
  const deadline = t0 + minutes * 60_000
  let reportAt = t0 + 60_000
  while (published < total && Date.now() < deadline) {
    const at = (n: number) => start + Math.floor(n / 10)
    const chunk = Array.from({ length: 20_000 }, (_, i) => next(at(published + i)))
    if (published % 100_000 === 0) chunk.push(...burstPosts(published / 100_000, at(published)))
    await stream.publish(chunk)
    published += 20_000
    while ((await bench.lag(orgId, feed)) > maxLag) await sleep(200)
    if (Date.now() >= reportAt) {
      reportAt += 60_000
      console.log(
        `  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${published} posts, worker heap ${mib(last.heap)} MiB, rss ${mib(last.rss)} MiB, ${alerts} alerts [${load()}]`,
      )
    }
  }
  while ((await bench.lag(orgId, feed)) > 0) await sleep(200)
  const s = (Date.now() - t0) / 1000
  console.log(
    `memory: ${published} posts replayed in ${s.toFixed(0)} s (${(published / s).toFixed(0)} posts/s), ${alerts} alerts [${load()}]`,
  )
  const tenth = samples.slice(Math.floor(samples.length / 10))
  const range = (f: (x: (typeof samples)[number]) => number) => `${mib(Math.min(...tenth.map(f)))}–${mib(Math.max(...tenth.map(f)))} MiB`
  console.log(`  after the first tenth of the run: heap ${range((x) => x.heap)}, rss ${range((x) => x.rss)}`)
  const step = Math.max(1, Math.floor(samples.length / 12))
  console.log(
    `  heap/rss MiB by posts published: ${samples
      .filter((_, i) => i % step === 0)
      .map((x) => `${(x.posts / 1e6).toFixed(2)}M ${mib(x.heap)}/${mib(x.rss)}`)
      .join(', ')}`,
  )
  await worker.stop()
} finally {
  await bench.close()
}
