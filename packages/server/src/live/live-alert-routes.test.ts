import { type DetectedNetwork, LiveAlert, LiveAlertList } from '@vigil/contracts'
import { handleNetworksUpdated, type VigilDatabase } from '@vigil/storage'
import { openTestDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

const net = (id: string, members: string[]): DetectedNetwork => ({
  id,
  members,
  signals: ['co-hashtag'],
  edges: [{ a: members[0] ?? '', b: members[1] ?? '', weight: 2, signals: { 'co-hashtag': 2 } }],
  score: { score: 0.8, timeTightness: 0.9, density: 0.7, coordinatedShare: 0.6, signalAgreement: 0.5 },
  evidence: [],
})

describe('live alerts: the worker hook, the list, the thresholds and the event stream', () => {
  let database: VigilDatabase
  let app: VigilApp
  let analyst: SeededUser
  let outsider: SeededUser

  beforeAll(async () => {
    database = await openTestDatabase('pglite')
    const identity = testAuthDeps(database)
    app = await buildTestApp(database, { identity })
    analyst = await seedUser(identity, { roles: ['analyst'] })
    outsider = await seedUser(identity, { roles: ['analyst'] })
    const created = await app.inject({ method: 'POST', url: '/api/v1/live/feeds', headers: analyst.headers, payload: { name: 'polls' } })
    expect(created.statusCode, created.body).toBe(201)
  })
  afterAll(async () => {
    await app.close()
    await database.close()
  })
  const feed = () => ({ orgId: analyst.org.id, name: 'polls' })
  const alerts = async (as = analyst) => {
    const res = await app.inject({ url: '/api/v1/live/feeds/polls/alerts', headers: as.headers })
    return res.statusCode === 200 ? LiveAlertList.parse(res.json()).alerts : res.statusCode
  }

  it('raises alerts for new and growing networks under the feed thresholds, listed newest first to its organisation', async () => {
    const rules = await app.inject({
      method: 'PUT',
      url: '/api/v1/live/feeds/polls/alert-rules',
      headers: analyst.headers,
      payload: { newAccounts: 3, growthAccounts: 2 },
    })
    expect(rules.json()).toEqual({ newAccounts: 3, growthAccounts: 2 })
    const first = await handleNetworksUpdated({ db: database.db }, feed(), [net('n1', ['a', 'b', 'c']), net('n2', ['x', 'y'])])
    expect(first.map((a) => [a.kind, a.added])).toEqual([['new', ['a', 'b', 'c']]])
    expect(await handleNetworksUpdated({ db: database.db }, feed(), [net('n1', ['a', 'b', 'c', 'd'])])).toEqual([])
    const grown = await handleNetworksUpdated({ db: database.db }, feed(), [net('n7', ['a', 'b', 'c', 'd', 'e', 'f'])])
    expect(grown.map((a) => [a.kind, a.added, a.network.id])).toEqual([['growth', ['e', 'f'], 'n7']])
    expect(await alerts()).toEqual([...grown, ...first].sort((x, y) => y.id - x.id))
    expect(await alerts(outsider)).toBe(404)
    expect(
      await handleNetworksUpdated({ db: database.db }, { orgId: outsider.org.id, name: 'polls' }, [net('n1', ['a', 'b', 'c'])]),
    ).toEqual([])
  })

  it('pushes new alerts to an event stream', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const controller = new AbortController()
    const res = await fetch(`${address}/api/v1/live/feeds/polls/events`, { headers: analyst.headers, signal: controller.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    const read = async (until: RegExp) => {
      while (!until.test(text)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended: ${text}`)
        text += new TextDecoder().decode(value)
      }
    }
    await read(/: vigil live alerts\n\n/)
    const [raised] = await handleNetworksUpdated({ db: database.db }, feed(), [net('n1', ['p', 'q', 'r', 's'])])
    await read(/event: alert\ndata: .*\n\n/)
    const data = /id: (\d+)\nevent: alert\ndata: (.*)\n\n/.exec(text)
    expect(Number(data?.[1])).toBe(raised?.id)
    expect(LiveAlert.parse(JSON.parse(data?.[2] ?? ''))).toEqual(raised)
    // Only the new one: older alerts are in the list.
    expect(text.match(/event: alert/g)).toHaveLength(1)
    controller.abort()
  })
})
