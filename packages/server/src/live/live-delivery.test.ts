import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type DetectedNetwork, LiveDeliveryList, LiveWebhookCreated, LiveWebhookList, LiveWebhookPayload } from '@vigil/contracts'
import { systemActor, systemClock } from '@vigil/core'
import { createExchangeStore, handleNetworksUpdated, verifyWebhook } from '@vigil/storage'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'
import { type LiveDeliveryQueue, startLiveDeliveryQueue } from './live-delivery-queue.js'

const net = (id: string, members: string[]): DetectedNetwork => ({
  id,
  members,
  signals: ['co-hashtag'],
  edges: members.slice(1).map((m) => ({ a: members[0] ?? '', b: m, weight: 3, signals: { 'co-hashtag': 3 } })),
  score: { score: 0.8, timeTightness: 0.9, density: 0.7, coordinatedShare: 0.6, signalAgreement: 0.5 },
  evidence: [],
})

interface Received {
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

/** A real HTTP endpoint on 127.0.0.1 answering each request with the next status of `answers` (the last one repeats). */
async function endpoint(answers: number[]): Promise<{ url: string; server: Server; received: Received[]; next: () => Promise<Received> }> {
  const received: Received[] = []
  const waiting: ((r: Received) => void)[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += String(c)
    })
    req.on('end', () => {
      const r = { headers: req.headers, body }
      received.push(r)
      res.statusCode = answers[Math.min(received.length - 1, answers.length - 1)] ?? 200
      res.end()
      waiting.shift()?.(r)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  let seen = 0
  const next = () => {
    const r = received[seen]
    seen++
    return r ? Promise.resolve(r) : new Promise<Received>((resolve) => waiting.push(resolve))
  }
  return { url: `http://127.0.0.1:${port}/hook`, server, received, next }
}

describeEachDatabase('live alert deliveries: webhooks and STIX', (database) => {
  let app: VigilApp
  let queue: LiveDeliveryQueue
  let analyst: SeededUser
  let viewer: SeededUser
  let partner: SeededUser
  let outsider: SeededUser
  const servers: Server[] = []
  const env = { VIGIL_LIVE_WEBHOOK_LOOPBACK: '1' }

  beforeAll(async () => {
    const identity = testAuthDeps(database())
    app = await buildTestApp(database(), { identity, env })
    analyst = await seedUser(identity, { roles: ['analyst'] })
    // A legal reviewer of the same organisation: no live permission.
    viewer = await seedUser(identity, { roles: ['reviewer'], org: analyst.org })
    partner = await seedUser(identity, { roles: ['analyst'], kind: 'civil-society' })
    outsider = await seedUser(identity, { roles: ['analyst'], kind: 'government' })
    queue = await startLiveDeliveryQueue({
      database: database(),
      clock: systemClock,
      logger: pino({ enabled: false }),
      attempts: 3,
      retrySeconds: 1,
    })
    for (const name of ['hooks', 'broken', 'shared']) {
      const created = await app.inject({ method: 'POST', url: '/api/v1/live/feeds', headers: analyst.headers, payload: { name } })
      expect(created.statusCode, created.body).toBe(201)
    }
  }, 120_000)
  afterAll(async () => {
    await queue?.stop()
    await app?.close()
    for (const s of servers) s.close()
  })
  const raise = (feed: string, networks: DetectedNetwork[]) =>
    handleNetworksUpdated({ db: database().db, enqueue: queue.enqueue }, { orgId: analyst.org.id, name: feed }, networks)
  const audit = (action: string) =>
    database()
      .db.selectFrom('audit_log')
      .select(['action', 'outcome', 'details', 'target_id'])
      .where('action', '=', action)
      .orderBy('seq')
      .execute()
  const addHook = (feed: string, payload: Record<string, unknown>, as = analyst) =>
    app.inject({ method: 'POST', url: `/api/v1/live/feeds/${feed}/webhooks`, headers: as.headers, payload })

  it('registers webhooks for the live managers only, with a secret shown once, an https (or allowed loopback) URL and a cap on sizes', async () => {
    expect((await addHook('hooks', { url: 'https://soc.example/hook' }, viewer)).statusCode).toBe(403)
    expect((await addHook('hooks', { url: 'http://soc.example/hook' })).statusCode).toBe(400)
    expect((await addHook('hooks', { url: 'https://soc.example/hook', secret: 'short' })).statusCode).toBe(400)
    expect((await addHook('hooks', { url: `https://soc.example/${'x'.repeat(3000)}` })).statusCode).toBe(400)
    expect((await addHook('nope', { url: 'https://soc.example/hook' })).statusCode).toBe(404)
    const res = await addHook('hooks', { url: 'https://soc.example/hook', description: 'SOC' })
    expect(res.statusCode, res.body).toBe(201)
    const hook = LiveWebhookCreated.parse(res.json())
    expect(hook.secret.length).toBeGreaterThanOrEqual(43)
    expect((await app.inject({ url: '/api/v1/live/feeds/hooks/webhooks', headers: viewer.headers })).statusCode).toBe(403)
    const list = await app.inject({ url: '/api/v1/live/feeds/hooks/webhooks', headers: analyst.headers })
    expect(list.statusCode, list.body).toBe(200)
    expect(list.body).not.toContain(hook.secret)
    expect(LiveWebhookList.parse(list.json()).webhooks.map((w) => w.url)).toEqual(['https://soc.example/hook'])
    expect((await app.inject({ url: '/api/v1/live/feeds/hooks/webhooks', headers: outsider.headers })).statusCode).toBe(404)
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/live/feeds/hooks/webhooks/${hook.id}`, headers: analyst.headers })
    expect(del.statusCode).toBe(204)
    const added = await audit('live.webhook.add')
    expect(added.at(-1)).toMatchObject({ target_id: hook.id, outcome: 'success' })
    expect(JSON.stringify(added)).not.toContain(hook.secret)
    expect((await audit('live.webhook.delete')).at(-1)).toMatchObject({ target_id: hook.id })
  })

  it('POSTs each alert signed over its timestamp and raw body, retries after a 500 and audits each attempt', async () => {
    const ep = await endpoint([500, 200])
    servers.push(ep.server)
    const hook = LiveWebhookCreated.parse((await addHook('hooks', { url: ep.url })).json())
    const [alert] = await raise('hooks', [net('n1', ['a', 'b', 'c'])])
    const first = await ep.next()
    const second = await ep.next()
    for (const r of [first, second]) {
      const headers = { timestamp: String(r.headers['x-vigil-timestamp']), signature: String(r.headers['x-vigil-signature']) }
      expect(verifyWebhook(hook.secret, headers, r.body, new Date())).toBe(true)
      expect(verifyWebhook('another secret of at least 32 chars!!', headers, r.body, new Date())).toBe(false)
      expect(verifyWebhook(hook.secret, headers, r.body.replace('"a"', '"z"'), new Date())).toBe(false)
      expect(verifyWebhook(hook.secret, headers, r.body, new Date(Date.now() + 3600_000))).toBe(false)
    }
    const payload = LiveWebhookPayload.parse(JSON.parse(second.body))
    expect(payload).toMatchObject({ feed: 'hooks', alert: { id: alert?.id, kind: 'new', added: ['a', 'b', 'c'] } })
    expect(first.headers['x-vigil-delivery']).toBe(second.headers['x-vigil-delivery'])
    const delivered = await vi.waitFor(
      async () => {
        const rows = (await audit('live.webhook.delivered')).filter((r) => r.target_id === hook.id)
        if (rows.length === 0) throw new Error('not delivered yet')
        return rows
      },
      { timeout: 60_000, interval: 100 },
    )
    expect(delivered).toMatchObject([{ outcome: 'success', details: { attempts: 2, status: 200, alert: alert?.id } }])
    const attempts = (await audit('live.webhook.attempt')).filter((r) => r.target_id === hook.id)
    expect(attempts.map((a) => [a.outcome, (a.details as { status: number }).status])).toEqual([
      ['failure', 500],
      ['success', 200],
    ])
  }, 120_000)

  it('gives up after the attempts are spent, audited, while the other endpoints go on receiving', async () => {
    const down = await endpoint([503])
    const up = await endpoint([204])
    servers.push(down.server, up.server)
    const bad = LiveWebhookCreated.parse((await addHook('broken', { url: down.url })).json())
    LiveWebhookCreated.parse((await addHook('broken', { url: up.url })).json())
    await raise('broken', [net('n1', ['p', 'q', 'r'])])
    await up.next()
    const failed = await vi.waitFor(
      async () => {
        const rows = (await audit('live.webhook.failed')).filter((r) => r.target_id === bad.id)
        if (rows.length === 0) throw new Error('not given up yet')
        return rows
      },
      { timeout: 90_000, interval: 100 },
    )
    expect(failed).toMatchObject([{ outcome: 'failure', details: { attempts: 3, status: 503 } }])
    expect(down.received).toHaveLength(3)
    expect((await audit('live.webhook.attempt')).filter((r) => r.target_id === bad.id)).toHaveLength(3)

    // The attempts, newest first, for those who read the feed: not another organisation, nor a role without live:read.
    const list = (who: SeededUser, query = '') => app.inject({ url: `/api/v1/live/feeds/broken/deliveries${query}`, headers: who.headers })
    const res = await list(analyst)
    expect(res.statusCode, res.body).toBe(200)
    const { attempts } = LiveDeliveryList.parse(res.json())
    const toBad = attempts.filter((a) => a.webhook === bad.id)
    expect(toBad.map((a) => [a.attempt, a.ok, a.status, a.reason])).toEqual([
      [3, false, 503, 'HTTP 503'],
      [2, false, 503, 'HTTP 503'],
      [1, false, 503, 'HTTP 503'],
    ])
    expect(new Set(toBad.map((a) => a.delivery)).size).toBe(1)
    expect(toBad[0]).toMatchObject({ url: down.url })
    expect(attempts.filter((a) => a.url === up.url).map((a) => [a.ok, a.status])).toEqual([[true, 204]])
    expect(LiveDeliveryList.parse((await list(analyst, '?limit=1')).json()).attempts).toHaveLength(1)
    expect((await list(viewer)).statusCode).toBe(403)
    expect((await list(outsider)).statusCode).toBe(404)
  }, 150_000)

  it("publishes an alert's network as STIX under the feed's TLP: a named partner reads it, an instance member may not", async () => {
    const exchange = createExchangeStore(database().db)
    const collection = await exchange.createCollection(
      systemActor('test-admin'),
      {
        title: `Live alerts ${analyst.org.id}`,
        read: { everyone: true, orgIds: [partner.org.id], groupIds: [] },
        write: { orgIds: [analyst.org.id], groupIds: [] },
      },
      new Date(),
    )
    const put = (payload: Record<string, unknown>, as = analyst) =>
      app.inject({ method: 'PUT', url: '/api/v1/live/feeds/shared/stix-publication', headers: as.headers, payload })
    expect((await put({ publication: { collection: collection.id, tlp: 'amber' } }, viewer)).statusCode).toBe(403)
    const set = await put({ publication: { collection: collection.id, tlp: 'amber' } })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json()).toMatchObject({ publication: { collection: collection.id, tlp: 'amber' } })
    const members = ['m1', 'm2', 'm3', 'm4']
    const [alert] = await raise('shared', [net('n9', members)])
    const published = await vi.waitFor(
      async () => {
        const rows = (await audit('live.stix.publish')).filter((r) => r.target_id === String(alert?.id))
        if (rows.length === 0) throw new Error('not published yet')
        return rows
      },
      { timeout: 60_000, interval: 100 },
    )
    expect(published).toMatchObject([{ outcome: 'success', details: { tlp: 'amber', collection: collection.id } }])
    const accounts = async (who: SeededUser) => {
      const res = await app.inject({ url: `/api/v1/collections/${collection.id}/export`, headers: who.headers })
      expect(res.statusCode, res.body).toBe(200)
      const objects = res.json().objects as { type: string; user_id?: string }[]
      return objects
        .filter((o) => o.type === 'user-account')
        .map((o) => o.user_id)
        .sort()
    }
    expect(await accounts(analyst)).toEqual(members)
    expect(await accounts(partner)).toEqual(members)
    expect(await accounts(outsider)).toEqual([])
    expect((await audit('exchange.objects.add')).at(-1)).toMatchObject({ outcome: 'success', target_id: collection.id })
  }, 120_000)
})
