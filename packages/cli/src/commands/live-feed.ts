import { LiveFeed, LiveFeedInput, LiveFeedList } from '@vigil/contracts'
import { type Actor, actorFor, can, parseFieldMap, parseInput, refusePrincipal, systemClock, VigilError } from '@vigil/core'
import { connectNats, createAuthDeps, createLiveFeedStore, POSTS_PER_MESSAGE, readLiveFeedStatus, type VigilDatabase } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { print, withAdminContext } from './admin-context.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'
import { parseDetectParams } from './detect.js'

export interface AsOptions extends StorageOptions {
  readonly as: string
  readonly json?: boolean
}

export interface FeedCreateOptions extends AsOptions {
  readonly map?: string
  readonly signals?: string
  readonly window: string
  readonly minRepeat: string
  readonly weight: string
  readonly repeat: string
  readonly similarity: string
  readonly partitions: string
  readonly lateness: string
}

type UserActor = Extract<Actor, { kind: 'user' }>

/** The user a live command acts as (`--as`), who must be active and hold `permission`. */
export async function liveActor(
  database: VigilDatabase,
  email: string,
  permission: 'live:read' | 'live:manage' | 'live:ingest',
): Promise<UserActor> {
  const identity = createAuthDeps(database.db)
  const user = await identity.store.findUserByEmail(email.trim().toLowerCase())
  const org = user ? await identity.store.findOrg(user.orgId) : undefined
  if (!user || !org) throw new VigilError('NOT_FOUND', `--as: no user '${email}'`, { email })
  const refusal = refusePrincipal({ user, org })
  if (refusal) throw new VigilError('AUTH_FORBIDDEN', `--as: ${email} may not act (${refusal})`, { email })
  const actor = actorFor({ user, org }, 'cli')
  if (actor.kind !== 'user' || !can(actor, permission)) throw new VigilError('AUTH_FORBIDDEN', `--as: ${email} lacks ${permission}`)
  return actor
}

/** The feed input of `vigil live feed create`, its detection flags checked as `vigil detect` checks them. */
export function feedInputOf(name: string, o: FeedCreateOptions): LiveFeedInput {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text))
  const params = { ...parseDetectParams(o), ...(o.map !== undefined ? { map: parseFieldMap(o.map) } : {}) }
  return parseInput(LiveFeedInput, { name, params, partitions: number(o.partitions), lateness: number(o.lateness) })
}

const describe = (f: LiveFeed): string => {
  const p = f.params
  return `${f.name}: window ${p.window} s, min repeat ${p.minRepeat}, weight ${p.weight}, signals ${p.signals?.join(',') ?? 'all'}, ${f.partitions} partitions, lateness ${f.lateness} s (by ${f.createdBy})`
}

/** `vigil live feed create NAME --as EMAIL …` */
export function feedCreate(io: CliIo, name: string, o: FeedCreateOptions): Promise<number> {
  const input = feedInputOf(name, o)
  return withAdminContext(io, o, async (ctx) => {
    const actor = await liveActor(ctx.database, o.as, 'live:manage')
    const feed = LiveFeed.parse(await createLiveFeedStore(ctx.database.db).create(actor, input, systemClock.now()))
    return print(io, o.json, feed, () => [`Created feed ${describe(feed)}.`])
  })
}

/** `vigil live feed list --as EMAIL` */
export function feedList(io: CliIo, o: AsOptions): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const actor = await liveActor(ctx.database, o.as, 'live:read')
    const list = LiveFeedList.parse({ feeds: await createLiveFeedStore(ctx.database.db).list(actor.orgId) })
    return print(io, o.json, list, () => (list.feeds.length === 0 ? ['No feeds.'] : list.feeds.map(describe)))
  })
}

/** `vigil live feed delete NAME --as EMAIL` */
export function feedDelete(io: CliIo, name: string, o: AsOptions): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const actor = await liveActor(ctx.database, o.as, 'live:manage')
    await createLiveFeedStore(ctx.database.db).remove(actor, name, systemClock.now())
    return print(io, o.json, { deleted: name }, () => [`Deleted feed ${name}.`])
  })
}

/** `vigil live status --feed F --as EMAIL`: the stream, the live workers, each partition's lag, owner and commit, the message rate over a second and the alerts. */
export async function liveStatus(io: CliIo, o: AsOptions & { readonly feed: string }): Promise<number> {
  const config = configFrom(io, storageFlags(o))
  return withAdminContext(io, o, async (ctx) => {
    const actor = await liveActor(ctx.database, o.as, 'live:read')
    await createLiveFeedStore(ctx.database.db).get(actor.orgId, o.feed)
    const nc = await connectNats(config.natsUrl)
    try {
      const s = await readLiveFeedStatus({ db: ctx.database.db, nc }, actor.orgId, o.feed, { sampleMs: 1000 })
      return print(io, o.json, s, () => [
        `Feed ${s.feed}: ${s.partitions} partitions, ${s.alerts} alert(s).`,
        s.stream.exists
          ? `Stream: ${s.stream.messages} messages (a partition's share of a batch, up to ${POSTS_PER_MESSAGE} posts each), ${s.stream.bytes} bytes, last at ${s.stream.lastAt ?? '-'}, ${(s.messagesPerSecond ?? 0).toFixed(1)} messages/s now.`
          : 'Stream: none yet (no post published).',
        `Workers: ${s.workers.length === 0 ? 'none alive' : s.workers.join(', ')}.`,
        `Aggregator: ${s.aggregator ?? 'none (no networks are recomputed, no alert is raised)'}.`,
        ...(s.consumers.length === 0
          ? ['Partitions: no worker.']
          : [
              'Partitions:',
              ...s.partitionStates.map(
                (p) =>
                  `  ${p.partition}: lag ${p.lag ?? '-'} messages, held by ${p.owner ?? 'none'}, committed to ${p.seq} by ${p.committedBy ?? '-'}, ${p.late} late, ${p.rejected} rejected`,
              ),
            ]),
      ])
    } finally {
      await nc.close()
    }
  })
}
