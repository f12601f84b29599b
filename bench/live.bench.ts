// `npm run bench -- live`: live detection end to end on the real NATS server and PostgreSQL
// (VIGIL_BENCH_NATS_URL / VIGIL_TEST_NATS_URL, VIGIL_BENCH_DATABASE_URL /
// VIGIL_TEST_DATABASE_URL; a scratch database is made and dropped). On the generated dump
// (detect-generate.ts, seed 1, VIGIL_BENCH_POSTS, default 200000), six signals, 16
// partitions: publishing (batches of 2,000 routed to the partitions' subjects), then the drain of the whole
// stream by 1 worker and by 2 worker processes (posts/s from start until every partition
// has committed the last message, pairs stored in PostgreSQL), a worker's memory after its
// drain, and the recovery after SIGKILL (kill to the first commit of the taken-over partitions).
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DetectParams, type LiveFeed, type LivePost, type OrgId } from '@vigil/contracts'
import { parseFieldMap } from '@vigil/core'
import {
  connectNats,
  deleteLiveFeedStreams,
  isDrained,
  migrateOrThrow,
  openDatabase,
  openPostStream,
  readDumpPosts,
  runLiveWorker,
} from '@vigil/storage'
import pg from 'pg'
import { GENERATED_MAP, generateDump } from './detect-generate.js'

const natsUrl = process.env.VIGIL_BENCH_NATS_URL ?? process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
const adminUrl = process.env.VIGIL_BENCH_DATABASE_URL ?? process.env.VIGIL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const size = Number(process.env.VIGIL_BENCH_POSTS ?? 200_000)
const SIGNALS = ['co-reshare', 'co-link', 'co-domain', 'co-hashtag', 'co-mention', 'co-text'] as const
const repoRoot = fileURLToPath(new URL('../', import.meta.url))

const dbName = `vigil_bench_live_${randomUUID().replaceAll('-', '')}`
const admin = async (q: string) => {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  await c.query(q)
  await c.end()
}
await admin(`create database ${dbName}`)
const url = new URL(adminUrl)
url.pathname = `/${dbName}`
const dbUrl = url.toString()
const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 })
await migrateOrThrow(database.db)
const nc = await connectNats(natsUrl)

const dump = join(tmpdir(), 'vigil-bench', `dump-${size}-seed1-v2.csv`)
await mkdir(join(tmpdir(), 'vigil-bench'), { recursive: true })
if (!existsSync(dump)) await generateDump(dump, { posts: size, seed: 1 })
const posts: LivePost[] = []
for await (const step of readDumpPosts([dump], parseFieldMap(GENERATED_MAP))) posts.push(...step.posts)
posts.sort((a, b) => a.time - b.time)

const feeds: { orgId: OrgId; name: string }[] = []
function newFeed(signals: readonly string[] = SIGNALS): { orgId: OrgId; feed: LiveFeed } {
  const orgId = randomUUID() as OrgId
  const feed: LiveFeed = {
    name: `bench-${randomUUID().slice(0, 8)}`,
    params: DetectParams.parse({ signals: [...signals], window: 60, minRepeat: 2 }),
    partitions: 16,
    lateness: 60,
    createdBy: 'bench',
    createdAt: new Date().toISOString(),
  }
  feeds.push({ orgId, name: feed.name })
  return { orgId, feed }
}

async function drained(orgId: OrgId, feed: LiveFeed): Promise<void> {
  while (!(await isDrained(nc, orgId, feed))) await new Promise((r) => setTimeout(r, 100))
}
async function published(signals: readonly string[] = SIGNALS): Promise<{ orgId: OrgId; feed: LiveFeed; seconds: number }> {
  const { orgId, feed } = newFeed(signals)
  const stream = await openPostStream(nc, orgId, feed)
  const t0 = performance.now()
  for (let i = 0; i < posts.length; i += 20_000) await stream.publish(posts.slice(i, i + 20_000))
  return { orgId, feed, seconds: (performance.now() - t0) / 1000 }
}
function child(orgId: OrgId, feed: LiveFeed, onCommit = false) {
  const code = `const { runLiveWorker, openDatabase } = await import('@vigil/storage')
const database = await openDatabase({ databaseUrl: ${JSON.stringify(dbUrl)}, poolSize: 2 })
let said = false
await runLiveWorker({ natsUrl: ${JSON.stringify(natsUrl)}, orgId: ${JSON.stringify(orgId)}, feed: ${JSON.stringify(feed)},
  db: database.db, aggregateEveryMs: 0, leaseSeconds: 3,
  onCommit: () => { if (${onCommit} && !said) { said = true; process.stdout.write('committed\\n') } } })
setInterval(() => {}, 1000)`
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
}

try {
  console.log(`${posts.length} posts, signals ${SIGNALS.join(' ')}, 16 partitions; the machine is shared with other sessions`)
  const one = await published()
  console.log(`publish: ${(posts.length / one.seconds).toFixed(0)} posts/s (${one.seconds.toFixed(1)} s)`)
  let t0 = performance.now()
  const mib = (n: number) => (n / 2 ** 20).toFixed(0)
  const samples: string[] = []
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    samples.push(`${((performance.now() - t0) / 1000).toFixed(0)}s ${mib(m.heapUsed)}/${mib(m.rss)}`)
  }, 5_000)
  const worker = await runLiveWorker({ nc, orgId: one.orgId, feed: one.feed, db: database.db, aggregateEveryMs: 0 })
  await drained(one.orgId, one.feed)
  let s = (performance.now() - t0) / 1000
  clearInterval(sampler)
  global.gc?.()
  const rss = process.memoryUsage()
  await worker.stop()
  console.log(
    `1 worker (in process): drain ${(posts.length / s).toFixed(0)} posts/s (${s.toFixed(1)} s); heap ${mib(rss.heapUsed)} MiB, rss ${mib(rss.rss)} MiB`,
  )
  console.log(`  heap/rss MiB every 5 s: ${samples.join(', ')}`)

  const similar = await published([...SIGNALS, 'co-similar-text'])
  console.log(`publish with co-similar-text (bands computed at publish): ${(posts.length / similar.seconds).toFixed(0)} posts/s`)
  t0 = performance.now()
  const worker7 = await runLiveWorker({ nc, orgId: similar.orgId, feed: similar.feed, db: database.db, aggregateEveryMs: 0 })
  await drained(similar.orgId, similar.feed)
  s = (performance.now() - t0) / 1000
  await worker7.stop()
  console.log(`1 worker, seven signals with co-similar-text: drain ${(posts.length / s).toFixed(0)} posts/s (${s.toFixed(1)} s)`)

  const two = await published()
  t0 = performance.now()
  const children = [child(two.orgId, two.feed), child(two.orgId, two.feed)]
  await drained(two.orgId, two.feed)
  s = (performance.now() - t0) / 1000
  console.log(`2 worker processes: drain ${(posts.length / s).toFixed(0)} posts/s (${s.toFixed(1)} s, including their start)`)
  for (const c of children) c.kill('SIGKILL')

  const three = newFeed()
  const stream = await openPostStream(nc, three.orgId, three.feed)
  for (let i = 0; i < 50_000; i += 10_000) await stream.publish(posts.slice(i, i + 10_000))
  const victim = child(three.orgId, three.feed, true)
  await new Promise((r) => victim.stdout?.once('data', r))
  victim.kill('SIGKILL')
  const killedAt = performance.now()
  let first = 0
  const survivor = await runLiveWorker({
    nc,
    orgId: three.orgId,
    feed: three.feed,
    db: database.db,
    aggregateEveryMs: 0,
    leaseSeconds: 3,
    onCommit: () => {
      first ||= performance.now()
    },
  })
  await drained(three.orgId, three.feed)
  await survivor.stop()
  console.log(
    `recovery after SIGKILL (lease 3 s): first commit ${((first - killedAt) / 1000).toFixed(1)} s after the kill, drained ${((performance.now() - killedAt) / 1000).toFixed(1)} s after`,
  )
} finally {
  for (const f of feeds) await deleteLiveFeedStreams(nc, f.orgId, f.name)
  await nc.close()
  await database.close()
  await admin(`drop database if exists ${dbName} with (force)`)
}
