// `npm run bench -- live`: live detection end to end on the real NATS server and PostgreSQL
// (VIGIL_BENCH_NATS_URL / VIGIL_TEST_NATS_URL, VIGIL_BENCH_DATABASE_URL /
// VIGIL_TEST_DATABASE_URL; a scratch database is made and dropped, each run's streams deleted).
// LIVE_BENCH_PARTS picks parts (default all):
// - drain: the generated dump (detect-generate.ts, seed 1, LIVE_BENCH_POSTS, default 200,000),
//   16 partitions, six signals and then with co-similar-text (LIVE_BENCH_SETS, default
//   "six,similar"), 1 and 2 worker processes (LIVE_BENCH_WORKERS, default "1,2") started and
//   owning their partitions first: posts/s from the first publish until every partition has
//   committed the last message (pairs and posts stored in PostgreSQL), then one
//   recomputation of edges and networks (the aggregator's).
// - recovery: two workers under LIVE_BENCH_RECOVERY_RATE posts/s (default 5,000) of background
//   traffic, one SIGKILLed: time until the other owns every partition, commits one of the dead
//   worker's, and has committed what its partitions held at the kill (lease LIVE_BENCH_LEASE s,
//   default 10 as `vigil live worker`).
// LIVE_BENCH_CPU_PROF=DIR writes the worker processes' CPU profiles there.
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LivePost } from '@vigil/contracts'
import { parseFieldMap } from '@vigil/core'
import { isDrained, liveDetection, openPostStream, partitionHeads, readDumpPosts } from '@vigil/storage'
import { GENERATED_MAP, generateDump } from './detect-generate.js'
import { backgroundPosts, envNumber, load, openLiveBench, SIGNALS, shareOwned, sleep, waitFor, wantedParts } from './live-setup.js'

const parts = wantedParts(['drain', 'recovery'])
const bench = await openLiveBench()
try {
  if (parts.has('drain')) await drain()
  if (parts.has('recovery')) await recovery()
} finally {
  await bench.close()
}

async function drain(): Promise<void> {
  const size = envNumber('LIVE_BENCH_POSTS', 200_000)
  const dump = join(tmpdir(), 'vigil-bench', `dump-${size}-seed1-v2.csv`)
  await mkdir(join(tmpdir(), 'vigil-bench'), { recursive: true })
  if (!existsSync(dump)) await generateDump(dump, { posts: size, seed: 1 })
  const posts: LivePost[] = []
  for await (const step of readDumpPosts([dump], parseFieldMap(GENERATED_MAP))) posts.push(...step.posts)
  posts.sort((a, b) => a.time - b.time)
  console.log(`drain: ${posts.length} posts of the generated dump, 16 partitions, window 60 s`)
  const counts = (process.env.LIVE_BENCH_WORKERS ?? '1,2').split(',').map(Number)
  const sets = (process.env.LIVE_BENCH_SETS ?? 'six,similar').split(',')
  for (const [label, signals] of [
    ['six signals', SIGNALS],
    ['six signals + co-similar-text', [...SIGNALS, 'co-similar-text']],
  ] as const) {
    if (!sets.includes(label === 'six signals' ? 'six' : 'similar')) continue
    for (const n of counts) {
      const { orgId, feed } = await bench.newFeed(signals)
      const stream = await openPostStream(bench.nc, orgId, feed)
      const workers = Array.from({ length: n }, () => bench.startWorker(orgId, feed))
      await shareOwned(workers, feed.partitions)
      const loadBefore = load()
      const t0 = performance.now()
      for (let i = 0; i < posts.length; i += 20_000) await stream.publish(posts.slice(i, i + 20_000))
      const published = (performance.now() - t0) / 1000
      while (!(await isDrained(bench.nc, orgId, feed))) await sleep(100)
      const s = (performance.now() - t0) / 1000
      const loadAfter = load()
      await Promise.all(workers.map((w) => w.stop()))
      const a0 = performance.now()
      const detection = await liveDetection(bench.db, orgId, feed.name, feed.params)
      const pairs = await bench.pairsStored(orgId, feed)
      console.log(
        `${label}, ${n} worker${n > 1 ? 's' : ''}: ${(posts.length / s).toFixed(0)} posts/s end to end (${s.toFixed(1)} s; publishing alone ${(posts.length / published).toFixed(0)} posts/s) [${loadBefore} → ${loadAfter}]`,
      )
      console.log(
        `  then edges and networks from ${pairs} pairs: ${((performance.now() - a0) / 1000).toFixed(1)} s (${detection.networks.networks.length} networks)`,
      )
    }
  }
}

async function recovery(): Promise<void> {
  const rate = envNumber('LIVE_BENCH_RECOVERY_RATE', 5_000)
  const leaseSeconds = envNumber('LIVE_BENCH_LEASE', 10)
  const { orgId, feed } = await bench.newFeed()
  const stream = await openPostStream(bench.nc, orgId, feed)
  const victim = bench.startWorker(orgId, feed, { leaseSeconds })
  const survivor = bench.startWorker(orgId, feed, { leaseSeconds })
  const owned: number[][] = [[], []]
  const workers = [victim, survivor]
  for (const [i, w] of workers.entries()) {
    w.on((e) => {
      if (e.e === 'owned') owned[i] = e.partitions
    })
  }
  await shareOwned(workers, feed.partitions)
  // Background traffic, paced in ticks of 100 ms, event time now.
  const next = backgroundPosts(2)
  let publishing = true
  const publisher = (async () => {
    for (let tick = performance.now(); publishing; tick += 100) {
      await stream.publish(Array.from({ length: rate / 10 }, () => next(Date.now())))
      await sleep(tick + 100 - performance.now())
    }
  })()
  await sleep(10_000)
  const lost = owned[0] as number[]
  console.log(`  at the kill the workers own ${owned.map((o) => o.length).join(' and ')} partitions`)
  victim.child.kill('SIGKILL')
  const killedAt = Date.now()
  const heads = await partitionHeads(bench.nc, orgId, feed)
  let firstCommit = 0
  const pending = new Set(lost)
  const takenOver = waitFor([survivor], (e) => e.e === 'owned' && e.partitions.length === feed.partitions)
  const caughtUp = waitFor([survivor], (e) => {
    if (e.e !== 'commit' || !lost.includes(e.partition)) return false
    firstCommit ||= e.at
    if (e.seq >= (heads[e.partition] ?? 0)) pending.delete(e.partition)
    return pending.size === 0
  })
  await takenOver
  const ownedAt = Date.now()
  await caughtUp
  const caughtAt = Date.now()
  publishing = false
  await publisher
  await survivor.stop()
  const after = (t: number) => `${((t - killedAt) / 1000).toFixed(1)} s`
  console.log(
    `recovery after SIGKILL of 1 of 2 workers (lease ${leaseSeconds} s, ${rate} posts/s of traffic, ${lost.length} partitions lost) [${load()}]:`,
  )
  console.log(
    `  all partitions owned by the survivor ${after(ownedAt)} after the kill; first commit of a lost partition ${after(firstCommit)}; the lost partitions' backlog at the kill committed ${after(caughtAt)}`,
  )
}
