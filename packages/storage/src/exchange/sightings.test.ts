import { systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { beforeAll, expect, it } from 'vitest'
import { type SeededUser, seedUser, testAuthDeps } from '../test-support/auth-fixtures.js'
import { describeEachDatabase } from '../test-support/index.js'
import { createExchangeStore, type ExchangeStore } from './exchange-store.js'

const stamp = { spec_version: '2.1', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z' }
const CAMPAIGN = 'campaign--1f3c1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e01'
const sighting = (n: number, count: number | undefined, tlp: keyof typeof TLP2_MARKING_IDS) => ({
  type: 'sighting',
  id: `sighting--1f3c1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e0${n}`,
  ...stamp,
  sighting_of_ref: CAMPAIGN,
  ...(count === undefined ? {} : { count }),
  last_seen: `2026-11-0${n}T00:00:00Z`,
  object_marking_refs: [TLP2_MARKING_IDS[tlp]],
})

describeEachDatabase('sightings', (database) => {
  let store: ExchangeStore
  let platform: SeededUser
  let government: SeededUser
  let research: SeededUser
  let outsider: SeededUser

  beforeAll(async () => {
    store = createExchangeStore(database().db)
    const identity = testAuthDeps(database())
    platform = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
    government = await seedUser(identity, { roles: ['analyst'], kind: 'government' })
    research = await seedUser(identity, { roles: ['analyst'], kind: 'civil-society' })
    outsider = await seedUser(identity, { roles: ['analyst'] })
    const members = [platform.org.id, government.org.id, research.org.id]
    const c = await store.createCollection(
      systemActor('test-admin'),
      { title: `sightings ${Math.random()}`, read: { orgIds: members }, write: { orgIds: members } },
      new Date(),
    )
    const green = [TLP2_MARKING_IDS.green]
    await store.addObjects(platform.actor, c.id, [{ type: 'campaign', id: CAMPAIGN, ...stamp, name: 'Op', object_marking_refs: green }])
    await store.addObjects(government.actor, c.id, [sighting(2, 3, 'amber'), sighting(3, undefined, 'amber')])
    // AMBER+STRICT without recipients: only the researchers themselves see their sighting.
    await store.addObjects(research.actor, c.id, [sighting(4, 5, 'amber+strict')])
  })

  it('counts sightings per organisation within what the reader may see', async () => {
    const seenByPlatform = await store.sightings(platform.actor, CAMPAIGN)
    expect(seenByPlatform).toMatchObject({ sightings: 2, count: 4 })
    expect(seenByPlatform.byOrg).toEqual([
      { orgId: government.org.id, orgName: government.org.name, sightings: 2, count: 4, lastSeen: '2026-11-03T00:00:00Z' },
    ])
    const seenByResearch = await store.sightings(research.actor, CAMPAIGN)
    expect(seenByResearch.byOrg.map((o) => [o.orgId, o.count])).toEqual([
      [research.org.id, 5],
      [government.org.id, 4],
    ])
  })

  it('answers EXCHANGE_OBJECT_NOT_FOUND to whoever may not see the object', async () => {
    await expect(store.sightings(outsider.actor, CAMPAIGN)).rejects.toMatchObject({
      code: 'EXCHANGE_OBJECT_NOT_FOUND',
    })
  })
})
