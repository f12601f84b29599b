// Live ingest: how fast posts reach a feed's JetStream stream. (1) `vigil live publish`'s
// path: a CooRTweet-format CSV read by batch's reader (`readDumpPosts`) and published 500
// posts a message, 8 publishes in flight; (2) the ingest route's line reader
// (`readIngestLines`) alone; (3) publishing prepared posts alone, one request's worth a call. LIVE_INGEST_N posts
// (default 200,000) against VIGIL_TEST_NATS_URL (default nats://127.0.0.1:4222).
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DetectParams, type OrgId } from '@vigil/contracts'
import { readIngestLines } from '@vigil/core'
import { connectNats, deletePostStream, openPostStream } from '@vigil/storage'
import { paceOf, publishDump } from '../packages/cli/src/commands/live-publish.js'

const N = Number(process.env.LIVE_INGEST_N ?? 200_000)
const url = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
const dir = await mkdtemp(join(tmpdir(), 'vigil-live-bench-'))
const csv = join(dir, 'shares.csv')
await writeFile(
  csv,
  [
    'object_id,account_id,content_id,timestamp_share',
    ...Array.from({ length: N }, (_, i) => `obj${i % 5000},acc${i % 20000},c${i},${1_700_000_000 + Math.floor(i / 50)}`),
  ].join('\n'),
)
const nc = await connectNats(url)
const orgId = randomUUID() as OrgId
const line = (label: string, n: number, ms: number) =>
  console.log(
    `${label.padEnd(64)} ${Math.round(n / (ms / 1000))
      .toString()
      .padStart(8)} posts/s`,
  )
try {
  const stream = await openPostStream(nc, orgId, { name: 'bench', partitions: 16, params: DetectParams.parse({}) })
  let t0 = performance.now()
  const s = await publishDump([csv], (p) => stream.publish(p), { pace: paceOf({}) })
  line(`publish: dump read + published (${s.stored} stored)`, s.posts, performance.now() - t0)
  t0 = performance.now()
  const again = await publishDump([csv], (p) => stream.publish(p), { pace: paceOf({}) })
  line(`publish again: all duplicates (${again.duplicates})`, again.posts, performance.now() - t0)

  const body = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({
      account: `acc${i % 2000}`,
      post: `q${i}`,
      time: 1_700_000_000 + i,
      text: `vote #day${i % 7} https://news.example/${i % 50}`,
    }),
  ).join('\n')
  t0 = performance.now()
  let posts = readIngestLines(body).posts
  for (let r = 1; r < 5; r++) posts = readIngestLines(body).posts
  line('ingest: NDJSON lines read (readIngestLines)', 5 * 20_000, performance.now() - t0)
  const fresh = await openPostStream(nc, orgId, { name: 'bench2', partitions: 16, params: DetectParams.parse({}) })
  const many = Array.from({ length: 10 }, (_, r) => posts.map((p) => ({ ...p, post: `${p.post}-${r}` }))).flat()
  t0 = performance.now()
  // As the route does: one request's posts (here 4,000: two batches routed to 16 partitions) per call.
  for (let i = 0; i < many.length; i += 4000) await fresh.publish(many.slice(i, i + 4000))
  line('ingest: prepared posts published, 4,000 a call', many.length, performance.now() - t0)
} finally {
  await deletePostStream(nc, orgId, 'bench')
  await deletePostStream(nc, orgId, 'bench2')
  await nc.close()
  await rm(dir, { recursive: true, force: true })
}
