// `npm run bench -- live-alert`: alert latency under load. Worker processes run as
// `vigil live worker --role partitions` (LIVE_BENCH_WORKERS of them, default 1) and one as
// `--role aggregator` (LIVE_BENCH_SPLIT=0: one process with both, as `--role all`): 16
// partitions, six signals, the aggregator every LIVE_BENCH_AGGREGATE_MS (default 500 as the
// worker's default), alerts stored by `handleNetworksUpdated`. Meanwhile this process
// publishes LIVE_BENCH_RATE posts/s (default 10,000) of background traffic in ticks of
// 100 ms, event time now, and every LIVE_BENCH_BURST_EVERY_MS (default 4,000) a planted burst
// (6 new accounts, two shared links and hashtags each) as its own publish. Latency: from the
// publish of a burst's last post to the aggregator storing its alert (both clocks are this
// machine's `Date.now()`), over LIVE_BENCH_BURSTS bursts (default 30), after a 10 s warm-up.
// Split in two: until the workers have committed the burst's messages on every partition its
// keys go to (pairs stored), and from there to the alert (the aggregator's wait and
// recomputation).
import { partitionOfKey, postKeys } from '@vigil/core'
import { openPostStream, partitionHeads } from '@vigil/storage'
import {
  backgroundPosts,
  burstPosts,
  envNumber,
  load,
  openLiveBench,
  percentile,
  SIGNALS,
  shareOwned,
  sleep,
  type WorkerEvent,
  type WorkerProcess,
} from './live-setup.js'

const rate = envNumber('LIVE_BENCH_RATE', 10_000)
const bursts = envNumber('LIVE_BENCH_BURSTS', 30)
const every = envNumber('LIVE_BENCH_BURST_EVERY_MS', 4_000)
const aggregateEveryMs = envNumber('LIVE_BENCH_AGGREGATE_MS', 500)
const split = envNumber('LIVE_BENCH_SPLIT', 1) !== 0
const workerCount = envNumber('LIVE_BENCH_WORKERS', 1)

const bench = await openLiveBench()
try {
  const { orgId, feed } = await bench.newFeed(undefined, true)
  const stream = await openPostStream(bench.nc, orgId, feed)
  const workers = Array.from({ length: split ? workerCount : 1 }, () =>
    bench.startWorker(orgId, feed, split ? {} : { alerts: true, aggregateEveryMs }),
  )
  const aggregator = split
    ? bench.startWorker(orgId, feed, { alerts: true, aggregateEveryMs, partitions: false })
    : (workers[0] as WorkerProcess)
  await shareOwned(workers, feed.partitions)
  // Each planted burst: when its last post was sent, the last sequence of each partition its keys go to, when those were committed.
  const sent = new Map<string, { at: number; heads: Map<number, number>; stored: number }>()
  const latencies: { total: number; stored: number }[] = []
  const recomputedAt: number[] = []
  let retries = 0
  const onWorker = (e: WorkerEvent) => {
    if (e.e === 'retry') retries++
    if (e.e === 'commit') {
      for (const b of sent.values()) {
        if ((b.heads.get(e.partition) ?? Number.POSITIVE_INFINITY) <= e.seq) b.heads.delete(e.partition)
        if (b.heads.size === 0) b.stored ||= e.at
      }
    }
  }
  for (const w of workers) w.on(onWorker)
  aggregator.on((e) => {
    if (e.e === 'aggregated') recomputedAt.push(e.at)
    if (e.e !== 'alert') return
    const name = e.members.find((m) => m.startsWith('burst'))?.split('_')[0]
    const burst = name && sent.get(name)
    if (burst && e.kind === 'new') {
      latencies.push({ total: e.at - burst.at, stored: (burst.stored || e.at) - burst.at })
      sent.delete(name)
    }
  })
  const next = backgroundPosts(1)
  let published = 0
  let behind = 0
  const t0 = performance.now()
  const loads: string[] = []
  let planted = 0
  let burstAt = t0 + 10_000
  for (let tick = t0; planted < bursts || (sent.size > 0 && performance.now() < burstAt + 30_000); tick += 100) {
    const posts = Array.from({ length: rate / 10 }, () => next(Date.now()))
    await stream.publish(posts)
    published += posts.length
    if (planted < bursts && performance.now() >= burstAt) {
      const burst = burstPosts(planted, Date.now())
      await stream.publish(burst)
      const at = Date.now()
      const partitions = new Set(burst.flatMap((p) => postKeys(p, SIGNALS).map((k) => partitionOfKey(k.signal, k.key, feed.partitions))))
      const heads = await partitionHeads(bench.nc, orgId, feed)
      sent.set(`burst${planted}`, { at, heads: new Map([...partitions].map((p) => [p, heads[p] ?? 0])), stored: 0 })
      planted++
      burstAt += every
      if (planted % 10 === 0) loads.push(load())
    }
    const wait = tick + 100 - performance.now()
    if (wait < 0) behind++
    await sleep(wait)
  }
  const seconds = (performance.now() - t0) / 1000
  console.log(
    `alert latency, ${(published / seconds).toFixed(0)} posts/s of background (aimed ${rate}; ${behind} ticks late), aggregator every ${aggregateEveryMs} ms ${split ? 'in a process of its own' : 'in the worker'}, ${workers.length} partition worker${workers.length > 1 ? 's' : ''}, ${retries} retried steps [${loads.join(', ')}]:`,
  )
  const ms = (v: number) => `${(v / 1000).toFixed(2)} s`
  const spread = (f: (l: (typeof latencies)[number]) => number) => {
    const v = latencies.map(f)
    return `p50 ${ms(percentile(v, 50))}, p99 ${ms(percentile(v, 99))}, max ${ms(Math.max(...v))}`
  }
  console.log(`  ${latencies.length} of ${bursts} bursts alerted: ${spread((l) => l.total)}`)
  console.log(`  of which until its pairs were stored: ${spread((l) => l.stored)}; then to the alert: ${spread((l) => l.total - l.stored)}`)
  // How often the aggregator ran, early and late: its period grows with the work of a round.
  const gaps = recomputedAt.slice(1).map((t, i) => t - (recomputedAt[i] as number))
  const mean = (v: number[]) => ms(v.reduce((a, b) => a + b, 0) / Math.max(1, v.length))
  const pairs = await bench.pairsStored(orgId, feed)
  console.log(
    `  ${recomputedAt.length} recomputations (period ${aggregateEveryMs} ms plus the recomputation): one every ${mean(gaps.slice(0, 5))} over the first five, ${mean(gaps.slice(-5))} over the last five; ${pairs} pairs stored by the end`,
  )
  for (const w of new Set([...workers, aggregator])) await w.stop()
} finally {
  await bench.close()
}
