// `npm run bench -- live-memory`: the workers' memory over a long replay. One worker process
// runs as `vigil live worker --role partitions` does (16 partitions, six signals) and one as
// `--role aggregator` (every 500 ms, alerts stored); each samples its heap and RSS every 5 s, while this process publishes synthetic
// traffic (live-setup.ts's background, event time advancing LIVE_BENCH_EVENT_RATE posts a
// second, default 10,000, so the window and lateness hold 1.2 M posts; a planted burst every
// 100,000 posts) as fast as the worker commits it (at most LIVE_BENCH_AHEAD chunks of 20,000
// posts ahead, default 10). Stops after LIVE_BENCH_REPLAY posts (default 10,000,000) or
// LIVE_BENCH_MINUTES (default 8, to keep within a share of the machine); prints a line every 30 s
// and the partition steps retried (a fetch or commit that failed while the partition was owned).
import { openPostStream, partitionHeads } from '@vigil/storage'
import { backgroundPosts, burstPosts, envNumber, load, mib, openLiveBench, sleep } from './live-setup.js'

const total = envNumber('LIVE_BENCH_REPLAY', 10_000_000)
const minutes = envNumber('LIVE_BENCH_MINUTES', 8)
const ahead = envNumber('LIVE_BENCH_AHEAD', 10)
const eventRate = envNumber('LIVE_BENCH_EVENT_RATE', 10_000)

const bench = await openLiveBench()
try {
  const { orgId, feed } = await bench.newFeed(undefined, true)
  const stream = await openPostStream(bench.nc, orgId, feed)
  const worker = bench.startWorker(orgId, feed, { memoryEveryMs: 5_000 })
  const aggregator = bench.startWorker(orgId, feed, { alerts: true, aggregateEveryMs: 500, partitions: false, memoryEveryMs: 5_000 })
  let last = { heap: 0, rss: 0, stallMs: 0 }
  let stallMax = 0
  let aggregatorMemory = { heap: 0, rss: 0 }
  const aggregatorRss: number[] = []
  const samples: { s: number; posts: number; heap: number; rss: number }[] = []
  const committed = new Map<number, number>()
  let published = 0
  let alerts = 0
  let retries = 0
  let stopped = 0
  let owningAll = false
  const t0 = Date.now()
  let reportAt = t0 + 30_000
  aggregator.on((e) => {
    if (e.e === 'alert') alerts++
    if (e.e === 'memory') {
      aggregatorMemory = e
      aggregatorRss.push(e.rss)
    }
  })
  worker.on((e) => {
    if (e.e === 'retry') retries++
    // After the worker first owned every partition, a partition given up (not a retried step) shows here.
    if (e.e === 'owned') {
      if (e.partitions.length === feed.partitions) owningAll = true
      else if (owningAll) stopped++
    }
    if (e.e === 'commit') committed.set(e.partition, Math.max(e.seq, committed.get(e.partition) ?? 0))
    if (e.e !== 'memory') return
    last = e
    stallMax = Math.max(stallMax, e.stallMs)
    samples.push({ s: (e.at - t0) / 1000, posts: published, heap: e.heap, rss: e.rss })
    if (e.at >= reportAt) {
      reportAt += 30_000
      console.log(
        `  ${((e.at - t0) / 1000).toFixed(0)} s: ${published} posts published, worker heap ${mib(last.heap)} MiB, rss ${mib(last.rss)} MiB, longest stall of its event loop ${stallMax.toFixed(0)} ms; aggregator heap ${mib(aggregatorMemory.heap)} MiB, rss ${mib(aggregatorMemory.rss)} MiB; ${alerts} alerts, ${retries} retried steps [${load()}]`,
      )
      stallMax = 0
    }
  })
  const next = backgroundPosts(3)
  const start = Date.now() - 86_400_000
  const deadline = t0 + minutes * 60_000
  const at = (n: number) => start + Math.floor((n * 1000) / eventRate)
  // The partitions' last sequences after each chunk: a chunk is published once the worker committed the one `ahead` before it.
  const heads: number[][] = []
  const caughtUp = (h: number[] | undefined) => !h || h.every((seq, p) => seq === 0 || (committed.get(p) ?? 0) >= seq)
  while (published < total && Date.now() < deadline) {
    const chunk = Array.from({ length: 20_000 }, (_, i) => next(at(published + i)))
    if (published % 100_000 === 0) chunk.push(...burstPosts(published / 100_000, at(published)))
    await stream.publish(chunk)
    published += 20_000
    heads.push(await partitionHeads(bench.nc, orgId, feed))
    while (!caughtUp(heads[heads.length - 1 - ahead]) && Date.now() < deadline) await sleep(200)
  }
  while (!caughtUp(heads[heads.length - 1]) && Date.now() < deadline + 60_000) await sleep(200)
  const s = (Date.now() - t0) / 1000
  console.log(
    `memory: ${published} posts replayed in ${s.toFixed(0)} s (${(published / s).toFixed(0)} posts/s), ${alerts} alerts, ${retries} retried steps, ${stopped} times the worker owned fewer than all partitions [${load()}]`,
  )
  const tenth = samples.slice(Math.floor(samples.length / 10))
  const range = (f: (x: (typeof samples)[number]) => number) => `${mib(Math.min(...tenth.map(f)))}–${mib(Math.max(...tenth.map(f)))} MiB`
  console.log(`  after the first tenth of the run: heap ${range((x) => x.heap)}, rss ${range((x) => x.rss)}`)
  const lateRss = aggregatorRss.slice(Math.floor(aggregatorRss.length / 10))
  console.log(`  the aggregator's rss after the first tenth: ${mib(Math.min(...lateRss))}–${mib(Math.max(...lateRss))} MiB`)
  const step = Math.max(1, Math.floor(samples.length / 12))
  console.log(
    `  heap/rss MiB by posts published: ${samples
      .filter((_, i) => i % step === 0)
      .map((x) => `${(x.posts / 1e6).toFixed(2)}M ${mib(x.heap)}/${mib(x.rss)}`)
      .join(', ')}`,
  )
  // A worker still busy with a backlog is killed by close().
  await Promise.race([Promise.all([worker.stop(), aggregator.stop()]), sleep(15_000)])
} finally {
  await bench.close()
}
