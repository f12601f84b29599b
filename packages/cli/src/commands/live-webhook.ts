import { LiveStixPublication, LiveStixPublicationSetting, LiveWebhookCreated, LiveWebhookInput, LiveWebhookList } from '@vigil/contracts'
import { parseInput, systemClock } from '@vigil/core'
import { createExchangeStore, createLiveWebhookStore } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { print, readStdin, withAdminContext } from './admin-context.js'
import { configFrom, storageFlags } from './config-options.js'
import { type AsOptions, liveActor } from './live-feed.js'

interface FeedOptions extends AsOptions {
  readonly feed: string
}

const storeOf = (io: CliIo, o: FeedOptions, db: Parameters<typeof createLiveWebhookStore>[0]) =>
  createLiveWebhookStore(db, configFrom(io, storageFlags(o)).liveDelivery)

/** `vigil live webhook add URL --feed F --as EMAIL [--description D] [--secret-stdin]`: prints the signing secret once. */
export async function webhookAdd(
  io: CliIo,
  url: string,
  o: FeedOptions & { readonly description?: string; readonly secretStdin?: boolean },
): Promise<number> {
  const secret = o.secretStdin ? (await readStdin(io)).trim() : undefined
  const input = parseInput(LiveWebhookInput, { url, description: o.description ?? '', ...(secret ? { secret } : {}) })
  return withAdminContext(io, o, async (ctx) => {
    const actor = await liveActor(ctx.database, o.as, 'live:manage')
    const hook = LiveWebhookCreated.parse(await storeOf(io, o, ctx.database.db).add(actor, o.feed, input, systemClock.now()))
    return print(io, o.json, hook, () => [
      `Webhook ${hook.id} on feed ${hook.feed}: ${hook.url}`,
      secret ? 'Signed with the secret you gave.' : `Signing secret (shown this once; keep it): ${hook.secret}`,
    ])
  })
}

/** `vigil live webhook list --feed F --as EMAIL` */
export function webhookList(io: CliIo, o: FeedOptions): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const actor = await liveActor(ctx.database, o.as, 'live:read')
    const list = LiveWebhookList.parse({ webhooks: await storeOf(io, o, ctx.database.db).list(actor.orgId, o.feed) })
    return print(io, o.json, list, () =>
      list.webhooks.length === 0
        ? [`Feed ${o.feed} has no webhooks.`]
        : list.webhooks.map((w) => `${w.id}  ${w.url}${w.description ? `  (${w.description})` : ''}  by ${w.createdBy}`),
    )
  })
}

/** `vigil live webhook delete ID --feed F --as EMAIL` */
export function webhookDelete(io: CliIo, id: string, o: FeedOptions): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const actor = await liveActor(ctx.database, o.as, 'live:manage')
    await storeOf(io, o, ctx.database.db).remove(actor, o.feed, id, systemClock.now())
    return print(io, o.json, { deleted: id }, () => [`Deleted webhook ${id}.`])
  })
}

const describeSetting = (feed: string, s: LiveStixPublicationSetting): string[] =>
  s.publication
    ? [
        `Feed ${feed} publishes each alert's network into collection ${s.publication.collection} at TLP:${s.publication.tlp.toUpperCase()}, as ${s.publication.setBy}.`,
      ]
    : [`Feed ${feed} publishes no STIX.`]

/** `vigil live stix --feed F --as EMAIL [--collection C --tlp T | --off]`: shows or sets where alerts' networks are published. */
export function liveStix(
  io: CliIo,
  o: FeedOptions & { readonly collection?: string; readonly tlp?: string; readonly off?: boolean },
): Promise<number> {
  const setting =
    o.off === true
      ? null
      : o.collection !== undefined || o.tlp !== undefined
        ? parseInput(LiveStixPublication, { collection: o.collection, tlp: o.tlp })
        : undefined
  return withAdminContext(io, o, async (ctx) => {
    const store = storeOf(io, o, ctx.database.db)
    if (setting === undefined) {
      const actor = await liveActor(ctx.database, o.as, 'live:read')
      const s = LiveStixPublicationSetting.parse(await store.stixPublication(actor.orgId, o.feed))
      return print(io, o.json, s, () => describeSetting(o.feed, s))
    }
    const actor = await liveActor(ctx.database, o.as, 'live:manage')
    const exchange = createExchangeStore(ctx.database.db)
    const s = await store.setStixPublication(actor, o.feed, setting, (a, c) => exchange.requireWritable(a, c), systemClock.now())
    return print(io, o.json, s, () => describeSetting(o.feed, s))
  })
}
