import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NatsConnection } from '@nats-io/transport-node'
import {
  Disclosure,
  DisclosureReport,
  type LiveAlert,
  LiveFeed,
  LiveNetwork,
  LiveNetworkList,
  type LivePost,
  type OrgId,
} from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { systemActor } from '@vigil/core'
import {
  connectNats,
  createExchangeStore,
  deleteLiveFeedStreams,
  handleNetworksUpdated,
  isDrained,
  liveDetection,
  openPostStream,
  readDumpPosts,
  runLiveWorker,
} from '@vigil/storage'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

// The first three days of the FiveThirtyEight IRA subset, replayed through a live feed on a
// real NATS server as `vigil live publish` does; the worker drains it, the feed raises its
// alerts, and the largest network is confirmed and disclosed.
describeWithShared('disclosing a live network (real NATS, real IRA data)', 'data/cib/ira_538_by_author', (dir) => {
  describeEachDatabase('confirm, snapshot, disclose', (database) => {
    let app: VigilApp
    let nc: NatsConnection
    let analyst: SeededUser
    let reviewer: SeededUser
    let work = ''
    let posts: LivePost[] = []
    let alerts: LiveAlert[] = []
    let collectionId = ''
    const feed = `ira-${randomUUID().slice(0, 8)}`

    const call = (method: 'GET' | 'POST' | 'PUT', url: string, as: SeededUser | null, payload?: unknown) =>
      app.inject({ method, url, ...(as ? { headers: as.headers } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) })
    const ok = async <T>(schema: { parse(v: unknown): T }, res: Awaited<ReturnType<typeof call>>, status = 200): Promise<T> => {
      expect(res.statusCode, res.body).toBe(status)
      return schema.parse(res.json())
    }

    beforeAll(async () => {
      nc = await connectNats(NATS_URL)
      const identity = testAuthDeps(database())
      app = await buildTestApp(database(), { identity, env: { VIGIL_NATS_URL: NATS_URL } })
      analyst = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
      reviewer = await seedUser(identity, { roles: ['reviewer'], org: analyst.org })
      collectionId = (
        await createExchangeStore(database().db).createCollection(
          systemActor('test-admin'),
          { title: `live disclosures ${randomUUID()}`, read: { orgIds: [analyst.org.id] }, write: { orgIds: [analyst.org.id] } },
          new Date(),
        )
      ).id
      const params = { signals: ['co-link', 'co-hashtag', 'co-text'], window: 60, minRepeat: 2 }
      const created = await ok(LiveFeed, await call('POST', '/api/v1/live/feeds', analyst, { name: feed, params, partitions: 2 }), 201)

      // Three days give small networks.
      const rules = await call('PUT', `/api/v1/live/feeds/${feed}/alert-rules`, analyst, { newAccounts: 2, growthAccounts: 1 })
      expect(rules.statusCode, rules.body).toBe(200)

      work = await mkdtemp(join(tmpdir(), 'vigil-live-disclose-'))
      const text = await readFile(join(dir, 'tweets_2016-10-01_2016-11-15.csv'), 'utf8')
      const lines = text.split('\n')
      const subset = join(work, 'ira-3-days.csv')
      await writeFile(subset, [lines[0], ...lines.slice(1).filter((l) => /,2016-10-0[1-3] /.test(l))].join('\n'))
      for await (const step of readDumpPosts([subset])) posts.push(...step.posts)
      posts = posts.sort((a, b) => a.time - b.time)

      const orgId = analyst.org.id as OrgId
      const stream = await openPostStream(nc, orgId, created)
      await stream.publish(posts)
      const worker = await runLiveWorker({ nc, orgId, feed: created, db: database().db, aggregateEveryMs: 0 })
      // Drained when every partition has committed the last message of its own subject.
      await vi.waitFor(
        async () => {
          if (!(await isDrained(nc, orgId, created))) throw new Error('not drained yet')
        },
        { timeout: 240_000, interval: 250 },
      )
      await worker.stop()
      // What the worker's aggregator does every round: recompute, then raise the alerts.
      const detection = await liveDetection(database().db, orgId, feed, created.params)
      alerts = await handleNetworksUpdated({ db: database().db }, { orgId, name: feed }, detection.networks.networks)
      expect(alerts.length).toBeGreaterThan(0)
    }, 300_000)

    afterAll(async () => {
      await deleteLiveFeedStreams(nc, analyst.org.id as OrgId, feed).catch(() => undefined)
      await nc?.close()
      await app?.close()
      await rm(work, { recursive: true, force: true })
    })

    it('confirms an alert’s network as a snapshot, and discloses it with the counts of the replayed posts', async () => {
      const alert = [...alerts].sort((a, b) => b.network.members.length - a.network.members.length)[0]
      if (!alert) throw new Error('no alert')
      const url = `/api/v1/live/feeds/${feed}/networks`
      expect((await call('POST', url, reviewer, { alert: alert.id })).statusCode).toBe(403)
      expect((await call('POST', url, analyst, { alert: 999_999_999 })).statusCode).toBe(404)
      const confirmed = await ok(
        LiveNetwork,
        await call('POST', url, analyst, { alert: alert.id, note: 'same links within a minute' }),
        201,
      )
      const members = new Set(confirmed.network.members)
      expect(confirmed.network.members).toEqual(alert.network.members)
      const own = posts.filter((p) => members.has(p.account))
      expect(confirmed).toMatchObject({ id: confirmed.network.id, alert: alert.id, posts: own.length, confirmedBy: analyst.user.email })
      expect(confirmed.id).toMatch(/^n\d+$/)
      expect((await ok(LiveNetworkList, await call('GET', url, reviewer))).networks).toEqual([confirmed])
      const audit = await sql<{ n: number }>`
        select count(*)::int as n from audit_log where action = 'live.network.confirm' and target_id = ${feed}`.execute(database().db)
      expect(audit.rows[0]?.n).toBe(1)

      // The snapshot outlives the stream: the disclosure is drafted after it is gone.
      await deleteLiveFeedStreams(nc, analyst.org.id as OrgId, feed)
      const source = { kind: 'live', feed, networks: [confirmed.id] }
      expect(
        (await call('POST', '/api/v1/disclosures', analyst, { source: { ...source, networks: ['n999999999'] }, title: 'x' })).statusCode,
      ).toBe(404)
      const d = await ok(Disclosure, await call('POST', '/api/v1/disclosures', analyst, { source, title: 'IRA network, live' }), 201)
      expect(d.source).toEqual(source)
      expect(d.evidence.posts).toBe(own.length)
      expect(d.evidence.accounts).toBe(new Set(own.map((p) => p.account)).size)
      expect(d.evidence.networks).toEqual([{ id: confirmed.id, members: members.size, score: confirmed.network.score }])
      // No follower counts in a live stream: reach is unknown and every author hashed.
      expect(d.evidence.reach.followers).toBeNull()
      const report = await ok(DisclosureReport, await call('GET', `/api/v1/disclosures/${d.id}/report`, analyst))
      expect(report.markdown).toContain(`| Posts | ${own.length.toLocaleString('en-GB')} |`)
      expect(report.markdown).toContain(`| Accounts | ${d.evidence.accounts.toLocaleString('en-GB')} |`)

      // And it goes through the workflow to publication like a run's.
      const base = `/api/v1/disclosures/${d.id}`
      await ok(Disclosure, await call('POST', `${base}/submit`, analyst))
      await ok(Disclosure, await call('POST', `${base}/approve`, reviewer))
      const published = await ok(Disclosure, await call('POST', `${base}/publish`, analyst, { collection: collectionId, tlp: 'green' }))
      expect((await call('GET', published.publication?.url ?? '/', null)).statusCode).toBe(200)
      const stix = (await ok(DisclosureReport, await call('GET', `${base}/report`, analyst))).stix
      expect((stix.object_refs as string[]).some((r) => r.startsWith('user-account--'))).toBe(true)
    }, 120_000)
  })
})
