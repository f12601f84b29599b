import type { NatsConnection } from '@nats-io/transport-node'
import { DetectedNetwork, DetectRun, type OrgId, RunNetworkId } from '@vigil/contracts'
import { type DisclosurePost, type LiveNetworkDeps, type LiveNetworkRecord, type LiveNetworkStore, liveNetworkId } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { parseJson } from '../detect/detect-run-rows.js'
import { liveDetection } from '../live/live-detection.js'
import { createLiveFeedStore } from '../live/live-feed-store.js'
import { readPostStream } from '../live/post-stream.js'
import type { Database } from '../postgres/database-schema.js'

const INSERT_BATCH = 500
const numbersOf = (ids: readonly string[]) =>
  ids.flatMap((id) => (RunNetworkId.safeParse(id).success ? [Number(id.slice(1))] : [])).filter((n) => Number.isSafeInteger(n))

/** Confirmed live networks in PostgreSQL: the snapshot, its posts, the audit entry in one transaction. */
export function createLiveNetworkStore(db: Kysely<Database>): LiveNetworkStore {
  return {
    async insert(record, posts, audit, now) {
      return db.transaction().execute(async (trx) => {
        const { number } = await trx
          .insertInto('live_networks')
          .values({
            org_id: record.orgId,
            feed: record.feed,
            alert_id: record.alert,
            network: '{}',
            run: JSON.stringify(record.run),
            posts: record.posts,
            note: record.note,
            confirmed_by: record.userId,
            confirmed_at: record.confirmedAt,
          })
          .returning('number')
          .executeTakeFirstOrThrow()
        const id = liveNetworkId(Number(number))
        await trx
          .updateTable('live_networks')
          .set({ network: JSON.stringify({ ...record.network, id }) })
          .where('number', '=', number)
          .execute()
        for (let i = 0; i < posts.length; i += INSERT_BATCH) {
          await trx
            .insertInto('live_network_posts')
            .values(
              posts
                .slice(i, i + INSERT_BATCH)
                .map((p) => ({ network: number, post: p.post, account: p.account, time: p.time, text: p.text })),
            )
            .onConflict((oc) => oc.columns(['network', 'post']).doNothing())
            .execute()
        }
        await appendAudit(trx, { ...audit, details: { ...audit.details, network: id } }, now)
        return Number(number)
      })
    },

    async list(orgId, feed, ids) {
      let q = db
        .selectFrom('live_networks as n')
        .innerJoin('users as u', 'u.id', 'n.confirmed_by')
        .select(['n.number', 'n.feed', 'n.alert_id', 'n.network', 'n.run', 'n.posts', 'n.note', 'n.confirmed_at', 'u.email'])
        .where('n.org_id', '=', orgId)
        .where('n.feed', '=', feed)
      if (ids !== undefined) {
        const numbers = numbersOf(ids)
        if (numbers.length === 0) return []
        q = q.where('n.number', 'in', numbers.map(String))
      }
      const rows = await q.orderBy('n.number', 'desc').limit(500).execute()
      return rows.map(
        (r): LiveNetworkRecord => ({
          number: Number(r.number),
          orgId,
          feed: r.feed,
          alert: r.alert_id === null ? null : Number(r.alert_id),
          network: DetectedNetwork.parse(parseJson(r.network)),
          run: DetectRun.parse(parseJson(r.run)),
          posts: r.posts,
          note: r.note,
          confirmedBy: r.email,
          confirmedAt: new Date(r.confirmed_at),
        }),
      )
    },

    async posts(orgId, feed, ids) {
      const numbers = numbersOf(ids)
      if (numbers.length === 0) return []
      const rows = await db
        .selectFrom('live_network_posts as p')
        .innerJoin('live_networks as n', 'n.number', 'p.network')
        .select(['p.post', 'p.account', 'p.time', 'p.text'])
        .distinctOn('p.post')
        .where('n.org_id', '=', orgId)
        .where('n.feed', '=', feed)
        .where('n.number', 'in', numbers.map(String))
        .orderBy('p.post')
        .execute()
      return rows.map((r) => ({
        post: r.post,
        account: r.account,
        time: new Date(r.time),
        text: r.text,
        screenName: null,
        followers: null,
      }))
    },
  }
}

/**
 * A live post as a disclosure quotes it. The stream carries the normalised text (lower-cased,
 * links taken out, as detection compares texts), so the links are put back after it.
 */
function disclosurePostOf(p: {
  account: string
  post: string
  time: number
  texts: readonly string[]
  urls: readonly string[]
}): DisclosurePost {
  return {
    post: p.post,
    account: p.account,
    time: new Date(p.time),
    text: [p.texts[0] ?? '', ...p.urls].join(' ').trim(),
    screenName: null,
    followers: null,
  }
}

/** What confirming live networks needs, over the database and the feeds' NATS streams. */
export function liveNetworkDeps(db: Kysely<Database>, nats: () => Promise<NatsConnection>): LiveNetworkDeps {
  const feeds = createLiveFeedStore(db)
  return {
    store: createLiveNetworkStore(db),
    async alertNetwork(orgId: OrgId, feed, alert) {
      const row = await db
        .selectFrom('live_alerts')
        .select('network')
        .where('org_id', '=', orgId)
        .where('feed', '=', feed)
        .where('id', '=', String(alert))
        .executeTakeFirst()
      return row ? DetectedNetwork.parse(parseJson(row.network)) : undefined
    },
    async currentNetworks(orgId, feed) {
      const { params } = await feeds.get(orgId, feed)
      return (await liveDetection(db, orgId, feed, params)).networks
    },
    async feedPosts(orgId, feed, accounts) {
      const posts = await readPostStream(await nats(), orgId, feed)
      const seen = new Set<string>()
      const own: DisclosurePost[] = []
      for (const p of posts) {
        if (!accounts.has(p.account) || seen.has(p.post)) continue
        seen.add(p.post)
        own.push(disclosurePostOf(p))
      }
      return own
    },
  }
}
