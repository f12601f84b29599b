// What the live benches share: a scratch PostgreSQL database and the NATS connection, feeds
// with fresh names (their streams and buckets deleted at the end), worker processes
// (bench/live-bench-worker.ts) that report on stdout, and a synthetic post stream.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { DetectParams, type LiveFeed, type LivePost, type OrgId } from '@vigil/contracts'
import { mulberry32 } from '@vigil/core'
import { connectNats, deleteLiveFeedStreams, migrateOrThrow, openDatabase } from '@vigil/storage'
import pg from 'pg'

export const SIGNALS = ['co-reshare', 'co-link', 'co-domain', 'co-hashtag', 'co-mention', 'co-text'] as const
/** Which parts of a bench run (LIVE_BENCH_PARTS, comma-separated; default all). */
export const wantedParts = (all: readonly string[]): Set<string> =>
  new Set(process.env.LIVE_BENCH_PARTS ? process.env.LIVE_BENCH_PARTS.split(',').map((s) => s.trim()) : all)
export const envNumber = (name: string, fallback: number): number => Number(process.env[name] ?? fallback)

/** The 1-minute load average of the shared machine, to print beside each figure. */
export const load = (): string => `load ${loadavg()[0]?.toFixed(1)}`
export const mib = (n: number): string => (n / 2 ** 20).toFixed(0)
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A scratch database (made and dropped) and a NATS connection; every feed made is deleted by `close`. */
export async function openLiveBench() {
  const natsUrl = process.env.VIGIL_BENCH_NATS_URL ?? process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
  const adminUrl = process.env.VIGIL_BENCH_DATABASE_URL ?? process.env.VIGIL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
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
  const feeds: { orgId: OrgId; name: string }[] = []
  const children = new Set<ChildProcess>()

  /** A feed with a fresh name; `stored` also writes its organisation, user and row (alerts need them). */
  async function newFeed(signals: readonly string[] = SIGNALS, stored = false): Promise<{ orgId: OrgId; feed: LiveFeed }> {
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
    if (stored) {
      const now = new Date()
      const userId = randomUUID()
      await database.db
        .insertInto('orgs')
        .values({ id: orgId, name: `bench ${orgId}`, kind: 'platform', stix_id: `identity--${orgId}`, created_at: now })
        .execute()
      await database.db
        .insertInto('users')
        .values({ id: userId, org_id: orgId, email: `${orgId}@bench.example`, roles: JSON.stringify(['analyst']), created_at: now })
        .execute()
      await database.db
        .insertInto('live_feeds')
        .values({
          org_id: orgId,
          name: feed.name,
          params: JSON.stringify(feed.params),
          partitions: feed.partitions,
          lateness_seconds: feed.lateness,
          created_by: userId,
          created_at: now,
        })
        .execute()
    }
    return { orgId, feed }
  }

  /** Starts a worker process; its events arrive through `on`. */
  function startWorker(orgId: OrgId, feed: LiveFeed, options: WorkerProcessOptions = {}): WorkerProcess {
    const config = { natsUrl, dbUrl, orgId, feed, ...options }
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--expose-gc',
        ...(process.env.LIVE_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LIVE_BENCH_CPU_PROF}`] : []),
        fileURLToPath(new URL('./live-bench-worker.ts', import.meta.url)),
        JSON.stringify(config),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    children.add(child)
    child.once('exit', () => children.delete(child))
    const listeners: ((e: WorkerEvent) => void)[] = []
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const event = JSON.parse(line) as WorkerEvent
      for (const l of listeners) l(event)
    })
    return {
      child,
      on: (l) => listeners.push(l),
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      },
    }
  }

  /** The pairs a feed's workers have stored. */
  async function pairsStored(orgId: OrgId, feed: LiveFeed): Promise<number> {
    const row = await database.db
      .selectFrom('live_pairs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', orgId)
      .where('feed', '=', feed.name)
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  return {
    nc,
    db: database.db,
    newFeed,
    startWorker,
    pairsStored,
    async close() {
      for (const c of children) c.kill('SIGKILL')
      for (const f of feeds) await deleteLiveFeedStreams(nc, f.orgId, f.name)
      await nc.close()
      await database.close()
      await admin(`drop database if exists ${dbName} with (force)`)
    },
  }
}

export interface WorkerProcessOptions {
  readonly leaseSeconds?: number
  /** The aggregator's period; 0 (the default here): no networks, no alerts. */
  readonly aggregateEveryMs?: number
  /** Store the alerts the recomputed networks raise (`handleNetworksUpdated`) and report them. */
  readonly alerts?: boolean
  /** false: a worker that takes no partition (an aggregator of its own). */
  readonly partitions?: boolean
  /** Report heap and RSS this often (ms). */
  readonly memoryEveryMs?: number
}

/** What a worker process reports, one JSON line each; `at` is its `Date.now()`. */
export type WorkerEvent =
  | { readonly e: 'owned'; readonly at: number; readonly partitions: number[] }
  | { readonly e: 'commit'; readonly at: number; readonly partition: number; readonly seq: number }
  | { readonly e: 'memory'; readonly at: number; readonly heap: number; readonly rss: number; readonly stallMs: number }
  | { readonly e: 'aggregated'; readonly at: number }
  | { readonly e: 'retry'; readonly at: number }
  | { readonly e: 'alert'; readonly at: number; readonly kind: string; readonly members: string[] }

export interface WorkerProcess {
  readonly child: ChildProcess
  on(listener: (e: WorkerEvent) => void): void
  /** SIGTERM: the worker commits and releases its partitions, then exits. */
  stop(): Promise<void>
}

/** Resolves when `check` holds for an event of one of the workers. */
export function waitFor(workers: readonly WorkerProcess[], check: (e: WorkerEvent, w: number) => boolean): Promise<void> {
  return new Promise((resolve) => {
    for (const [i, w] of workers.entries()) {
      w.on((e) => {
        if (check(e, i)) resolve()
      })
    }
  })
}

/** Resolves when each worker owns its fair share of `partitions` (leases rebalanced). */
export function shareOwned(workers: readonly WorkerProcess[], partitions: number): Promise<void> {
  const owned = workers.map(() => 0)
  const fair = Math.ceil(partitions / workers.length)
  return waitFor(workers, (e, i) => {
    if (e.e === 'owned') owned[i] = e.partitions.length
    return owned.every((n) => n === fair)
  })
}

/**
 * A synthetic stream of background posts: accounts among `accounts`, each post with words
 * of a 3,000-word vocabulary, and (often) a link, a hashtag, a mention or a reshare drawn
 * from spaces large enough that unrelated posts rarely share one: coincidental pairs stay
 * rare at 10,000 posts/s, as on a platform where most objects are posted once.
 */
export function backgroundPosts(seed: number, options: { accounts?: number; objects?: number } = {}) {
  const random = mulberry32(seed)
  const accounts = options.accounts ?? 1_000_000
  const objects = options.objects ?? 10_000_000
  const pick = (n: number) => Math.floor(n * random())
  const vocabulary = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`)
  let n = 0
  return (time: number): LivePost => {
    const id = n++
    const account = `u${pick(accounts)}`
    if (random() < 0.2) return post(account, `b${seed}-${id}`, time, { reshared: [`src${pick(objects)}`], reshare: true })
    const url = random() < 0.3 ? `https://s${pick(objects / 10)}.example/a/${pick(objects)}` : undefined
    const text = Array.from({ length: 8 + pick(8) }, () => vocabulary[pick(vocabulary.length)]).join(' ')
    return post(account, `b${seed}-${id}`, time, {
      texts: [text],
      reshared: [`text:${text}`],
      urls: url ? [url] : [],
      domains: url ? [new URL(url).hostname] : [],
      hashtags: random() < 0.4 ? [`tag${pick(objects)}`] : [],
      mentions: random() < 0.2 ? [`user${pick(objects)}`] : [],
    })
  }
}

/**
 * A planted burst: `size` new accounts each post two links and two hashtags of their own
 * campaign within a second, enough for a network of `size` members under the bench feeds'
 * parameters (two shared objects a pair, window 60 s).
 */
export function burstPosts(n: number, time: number, size = 6): LivePost[] {
  return Array.from({ length: size }, (_, i) =>
    ['a', 'b'].map((k) => {
      const url = `https://burst${n}.example/${k}`
      return post(`burst${n}_${i}`, `burst${n}_${i}_${k}`, time + i * 50, {
        texts: [`campaign ${n} ${k} member ${i}`],
        reshared: [`text:campaign ${n} ${k} member ${i}`],
        urls: [url],
        domains: [`burst${n}.example`],
        hashtags: [`burst${n}${k}`],
      })
    }),
  ).flat()
}

function post(account: string, id: string, time: number, fields: Partial<LivePost>): LivePost {
  return {
    account,
    post: id,
    time,
    reshare: false,
    urls: [],
    domains: [],
    hashtags: [],
    mentions: [],
    images: [],
    texts: [],
    reshared: [],
    replyTo: [],
    ...fields,
  }
}

/** The p-th percentile (nearest rank) of numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}
