import { resolve } from 'node:path'
import type { LiveFeed, LivePost, OrgId } from '@vigil/contracts'
import { parseFieldMap, VigilError } from '@vigil/core'
import { connectNats, createLiveFeedStore, openPostStream, type PublishResult, readDumpPosts } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { withAdminContext } from './admin-context.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'
import { liveActor } from './live-feed.js'

export interface LivePublishOptions extends StorageOptions {
  readonly feed: string
  readonly as: string
  readonly map?: string
  readonly speed?: string
  readonly rate?: string
  readonly json?: boolean
}

/** What `vigil live publish` did. */
export interface PublishSummary {
  readonly feed: string
  readonly posts: number
  readonly stored: number
  readonly duplicates: number
  readonly bad: number
  readonly seconds: number
}

// Publishes in flight at once: acknowledgements overlap, order within the stream is kept by NATS.
const IN_FLIGHT = 8
// With a pace, posts due together still travel together, up to one message's worth.
const PACED_BATCH = 500

/** When each post is due, in ms after the start: by the dump's own clock scaled, by a fixed rate, or at once. */
export type Pace =
  | { readonly kind: 'speed'; readonly factor: number }
  | { readonly kind: 'rate'; readonly perSecond: number }
  | { readonly kind: 'asap' }

export function paceOf(o: { readonly speed?: string; readonly rate?: string }): Pace {
  if (o.speed !== undefined && o.rate !== undefined) throw new VigilError('VALIDATION_FAILED', 'give --speed or --rate, not both')
  if (o.speed !== undefined) {
    const factor = Number(o.speed)
    if (!(factor > 0 && Number.isFinite(factor)))
      throw new VigilError('VALIDATION_FAILED', '--speed must be a number > 0 (60 plays an hour in a minute)')
    return { kind: 'speed', factor }
  }
  if (o.rate !== undefined) {
    const perSecond = Number(o.rate)
    if (!(perSecond > 0 && Number.isFinite(perSecond)))
      throw new VigilError('VALIDATION_FAILED', '--rate must be a number of posts per second > 0')
    return { kind: 'rate', perSecond }
  }
  return { kind: 'asap' }
}

/**
 * Replays dumps into a feed's stream through the batch readers (`readDumpPosts`). Without
 * a pace each chunk the reader yields goes at once (so a replay cuts the same batches every
 * time, and a second replay is all duplicates); with `--speed` a post is due when the dump's
 * clock, scaled, reaches it, with `--rate` at a fixed number a second.
 */
export async function publishDump(
  files: readonly string[],
  publish: (posts: readonly LivePost[]) => Promise<PublishResult>,
  o: {
    readonly map?: Readonly<Record<string, string>>
    readonly pace: Pace
    readonly progress?: (s: Omit<PublishSummary, 'feed'>) => void
  },
): Promise<Omit<PublishSummary, 'feed'>> {
  const started = Date.now()
  let posts = 0
  let stored = 0
  let duplicates = 0
  let bad = 0
  const inFlight = new Set<Promise<void>>()
  const send = async (batch: LivePost[]) => {
    if (batch.length === 0) return
    posts += batch.length
    const p: Promise<void> = publish(batch).then((r) => {
      stored += r.stored
      duplicates += r.duplicates
      inFlight.delete(p)
    })
    inFlight.add(p)
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight)
  }
  let lastProgress = started
  const report = () => {
    if (o.progress && Date.now() - lastProgress >= 1000) {
      lastProgress = Date.now()
      o.progress({ posts, stored, duplicates, bad, seconds: (lastProgress - started) / 1000 })
    }
  }
  let firstTime: number | undefined
  let index = 0
  let pending: LivePost[] = []
  const due = (p: LivePost): number => {
    if (o.pace.kind === 'speed') {
      firstTime ??= p.time
      return started + (p.time - firstTime) / o.pace.factor
    }
    if (o.pace.kind === 'rate') return started + (index * 1000) / o.pace.perSecond
    return 0
  }
  for await (const chunk of readDumpPosts(files, o.map)) {
    bad += chunk.bad.length
    if (o.pace.kind === 'asap') {
      await send(chunk.posts)
      report()
      continue
    }
    for (const post of chunk.posts) {
      const wait = due(post) - Date.now()
      index++
      if (wait > 0) {
        await send(pending)
        pending = []
        report()
        await new Promise((r) => setTimeout(r, wait))
      }
      pending.push(post)
      if (pending.length >= PACED_BATCH) {
        await send(pending)
        pending = []
      }
    }
  }
  await send(pending)
  await Promise.all(inFlight)
  return { posts, stored, duplicates, bad, seconds: (Date.now() - started) / 1000 }
}

/** `vigil live publish FILE… --feed F --as EMAIL [--map …] [--speed X | --rate N]` */
export async function livePublish(io: CliIo, files: readonly string[], o: LivePublishOptions): Promise<number> {
  const pace = paceOf(o)
  const map = o.map === undefined ? undefined : parseFieldMap(o.map)
  const config = configFrom(io, storageFlags(o))
  // The store is closed again before the replay: an embedded store admits one process, and `vigil serve` may want it.
  let orgId: OrgId | undefined
  let feed: LiveFeed | undefined
  await withAdminContext(io, o, async (ctx) => {
    const actor = await liveActor(ctx.database, o.as, 'live:ingest')
    feed = await createLiveFeedStore(ctx.database.db).get(actor.orgId, o.feed)
    orgId = actor.orgId
    return 0
  })
  if (orgId === undefined || feed === undefined) throw new VigilError('NOT_FOUND', `no live feed '${o.feed}'`)
  const nc = await connectNats(config.natsUrl)
  try {
    const stream = await openPostStream(nc, orgId, feed)
    const tty = io.stderr.isTTY === true
    const line = (s: Omit<PublishSummary, 'feed'>) =>
      `publish: ${s.posts} posts (${s.stored} stored, ${s.duplicates} duplicates, ${s.bad} bad records), ${Math.round(s.posts / Math.max(s.seconds, 0.001))} posts/s`
    const summary: PublishSummary = {
      feed: o.feed,
      ...(await publishDump(
        files.map((f) => resolve(f)),
        (posts) => stream.publish(posts),
        { ...(map ? { map } : {}), pace, progress: (s) => io.stderr.write(tty ? `\r${line(s)}` : `${line(s)}\n`) },
      )),
    }
    if (tty) io.stderr.write('\n')
    writeLine(io.stderr, `${line(summary)} in ${summary.seconds.toFixed(1)} s`)
    if (o.json) writeLine(io.stdout, JSON.stringify(summary))
    return 0
  } finally {
    await nc.close()
  }
}
