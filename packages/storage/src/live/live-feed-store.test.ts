import { LiveFeedInput } from '@vigil/contracts'
import { isVigilError } from '@vigil/core'
import { beforeAll, expect, it } from 'vitest'
import { type SeededUser, seedUser, testAuthDeps } from '../test-support/auth-fixtures.js'
import { describeEachDatabase } from '../test-support/index.js'
import { createLiveFeedStore, type LiveFeedStore } from './live-feed-store.js'

const now = new Date('2026-12-01T10:00:00.000Z')

describeEachDatabase('live feed store', (database) => {
  let store: LiveFeedStore
  let analyst: SeededUser
  let other: SeededUser

  beforeAll(async () => {
    store = createLiveFeedStore(database().db)
    const identity = testAuthDeps(database())
    analyst = await seedUser(identity, { roles: ['analyst'] })
    other = await seedUser(identity, { roles: ['analyst'] })
  })

  const userOf = (u: SeededUser) => u.actor as typeof u.actor & { kind: 'user' }

  it('creates a feed with detect parameters and defaults, lists and reads it, audited', async () => {
    const input = LiveFeedInput.parse({ name: 'election-day', params: { window: 30, signals: ['co-link'] } })
    const created = await store.create(userOf(analyst), input, now)
    expect(created).toMatchObject({ name: 'election-day', partitions: 16, lateness: 60, createdBy: analyst.user.email })
    expect(created.params).toMatchObject({ window: 30, minRepeat: 2, weight: 'objects', signals: ['co-link'] })
    expect(await store.get(analyst.org.id, 'election-day')).toEqual(created)
    expect((await store.list(analyst.org.id)).map((f) => f.name)).toEqual(['election-day'])
    const audit = await database()
      .db.selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'live.feed.create')
      .where('target_id', '=', 'election-day')
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('refuses a second feed of the same name in one organisation, not in another', async () => {
    const input = LiveFeedInput.parse({ name: 'twice' })
    await store.create(userOf(analyst), input, now)
    await expect(store.create(userOf(analyst), input, now)).rejects.toSatisfy((e) => isVigilError(e) && e.code === 'CONFLICT')
    await expect(store.create(userOf(other), input, now)).resolves.toMatchObject({ name: 'twice' })
  })

  it('keeps organisations apart and deletes a feed once, audited', async () => {
    await expect(store.get(other.org.id, 'election-day')).rejects.toSatisfy((e) => isVigilError(e) && e.code === 'NOT_FOUND')
    await expect(store.remove(userOf(other), 'election-day', now)).rejects.toSatisfy((e) => isVigilError(e) && e.code === 'NOT_FOUND')
    await store.remove(userOf(analyst), 'election-day', now)
    expect((await store.list(analyst.org.id)).map((f) => f.name)).toEqual(['twice'])
    const audit = await database()
      .db.selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'live.feed.delete')
      .where('target_id', '=', 'election-day')
      .execute()
    expect(audit).toHaveLength(1)
  })
})
