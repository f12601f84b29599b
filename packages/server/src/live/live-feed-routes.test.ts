import { LiveFeed, LiveFeedList } from '@vigil/contracts'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

describeEachDatabase('live feeds over HTTP', (database) => {
  let app: VigilApp
  let analyst: SeededUser
  let reviewer: SeededUser
  let outsider: SeededUser

  beforeAll(async () => {
    const identity = testAuthDeps(database())
    app = await buildTestApp(database(), { identity })
    analyst = await seedUser(identity, { roles: ['analyst'] })
    reviewer = await seedUser(identity, { roles: ['reviewer'], org: analyst.org })
    outsider = await seedUser(identity, { roles: ['analyst'] })
  })
  afterAll(() => app.close())

  const create = (payload: Record<string, unknown>, as: SeededUser = analyst) =>
    app.inject({ method: 'POST', url: '/api/v1/live/feeds', headers: as.headers, payload })

  it('creates a feed with detect parameters, lists it to its organisation only', async () => {
    const res = await create({ name: 'polls', params: { window: 30, signals: ['co-link', 'co-hashtag'] }, partitions: 4 })
    expect(res.statusCode, res.body).toBe(201)
    expect(LiveFeed.parse(res.json())).toMatchObject({ name: 'polls', partitions: 4, lateness: 60, params: { window: 30 } })
    const mine = await app.inject({ url: '/api/v1/live/feeds', headers: analyst.headers })
    expect(LiveFeedList.parse(mine.json()).feeds.map((f) => f.name)).toEqual(['polls'])
    const theirs = await app.inject({ url: '/api/v1/live/feeds', headers: outsider.headers })
    expect(LiveFeedList.parse(theirs.json()).feeds).toEqual([])
    expect((await app.inject({ url: '/api/v1/live/feeds/polls', headers: outsider.headers })).statusCode).toBe(404)
  })

  it('refuses bad input, a taken name and callers without the permission', async () => {
    expect((await create({ name: 'Bad Name' })).statusCode).toBe(400)
    expect((await create({ name: 'ok', params: { window: -1 } })).statusCode).toBe(400)
    expect((await create({ name: 'polls' })).statusCode).toBe(409)
    expect((await create({ name: 'other' }, reviewer)).statusCode).toBe(403)
    expect((await app.inject({ url: '/api/v1/live/feeds', headers: reviewer.headers })).statusCode).toBe(403)
    expect((await app.inject({ url: '/api/v1/live/feeds' })).statusCode).toBe(401)
  })

  it('deletes a feed once', async () => {
    const del = () => app.inject({ method: 'DELETE', url: '/api/v1/live/feeds/polls', headers: analyst.headers })
    expect((await del()).statusCode).toBe(204)
    expect((await del()).statusCode).toBe(404)
  })
})
