import type { StixObject } from '@vigil/contracts'
import { type CorrelationDeps, correlateNew, dismissCorrelation, scoId, systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { beforeAll, expect, it } from 'vitest'
import { type SeededUser, seedUser, testAuthDeps } from '../test-support/auth-fixtures.js'
import { describeEachDatabase } from '../test-support/index.js'
import { createCorrelationDeps } from './correlation-deps.js'
import { createExchangeStore, type ExchangeStore } from './exchange-store.js'

const admin = systemActor('test-admin')
const stamp = { spec_version: '2.1', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z' }
// Vigil gives SCOs their UUIDv5 ids (a UUIDv5 id must be that of its properties), so they are computed.
const account = (user: string) => {
  const draft = { type: 'user-account', spec_version: '2.1', id: '', account_type: 'twitter', user_id: user }
  return { ...draft, id: scoId(draft as StixObject) ?? '' }
}
const accounts = { a1: account('1001'), a2: account('1002'), a3: account('1003') }

describeEachDatabase('correlation notices', (database) => {
  let store: ExchangeStore
  let inbox: CorrelationDeps
  let platform: SeededUser
  let government: SeededUser
  let research: SeededUser
  let outsider: SeededUser
  let collectionId: string

  beforeAll(async () => {
    const { db } = database()
    store = createExchangeStore(db)
    inbox = createCorrelationDeps(db)
    const identity = testAuthDeps(database())
    platform = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
    government = await seedUser(identity, { roles: ['analyst'], kind: 'government' })
    research = await seedUser(identity, { roles: ['analyst'], kind: 'civil-society' })
    outsider = await seedUser(identity, { roles: ['analyst'] })
    const c = await store.createCollection(
      admin,
      {
        title: `election ${Math.random()}`,
        read: { orgIds: [platform.org.id, government.org.id, research.org.id] },
        write: { orgIds: [platform.org.id, government.org.id] },
      },
      new Date(),
    )
    collectionId = c.id
  })

  const report = (id: string, refs: readonly Record<string, unknown>[], tlp: keyof typeof TLP2_MARKING_IDS) => ({
    type: 'report',
    id,
    ...stamp,
    name: id,
    published: stamp.created,
    object_refs: refs.map((r) => r.id),
    object_marking_refs: [TLP2_MARKING_IDS[tlp]],
  })
  const tip = (id: string, users: readonly string[], tlp: keyof typeof TLP2_MARKING_IDS) => ({
    type: 'indicator',
    id,
    ...stamp,
    pattern: users.map((u) => `[user-account:account_type = 'twitter' AND user-account:user_id = '${u}']`).join(' OR '),
    pattern_type: 'stix',
    valid_from: stamp.created,
    object_marking_refs: [TLP2_MARKING_IDS[tlp]],
  })
  const orgsNotified = async (pair: readonly string[]) => {
    const who: string[] = []
    for (const [name, u] of Object.entries({ platform, government, research, outsider })) {
      const notices = await inbox.correlations.listNotices(u.actor, { includeDismissed: true })
      if (notices.some((n) => n.objects.join() === [...pair].sort().join())) who.push(name)
    }
    return who
  }

  const R = 'report--6b0e6c1e-5c9f-4a55-9c0e-0d6c5a9f7b01'
  const STRICT_TIP = 'indicator--0c2d1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e01'
  const AMBER_TIP = 'indicator--0c2d1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e02'

  it('tells only the organisations that may see both objects: AMBER+STRICT tip seen by its creator alone', async () => {
    await store.addObjects(platform.actor, collectionId, [
      accounts.a1,
      accounts.a2,
      accounts.a3,
      report(R, Object.values(accounts), 'amber'),
    ])
    await store.addObjects(government.actor, collectionId, [tip(STRICT_TIP, ['1001', '1002'], 'amber+strict')])
    const run = await correlateNew(inbox)
    expect(run.processed).toBeGreaterThanOrEqual(5)
    expect(await orgsNotified([R, STRICT_TIP])).toEqual(['government'])
    const [notice] = await inbox.correlations.listNotices(government.actor, { object: R })
    expect(notice?.observables).toEqual(['user-account|twitter:1001', 'user-account|twitter:1002'])
  })

  it('tells both sides, and the researchers who may see both, when each may see the other', async () => {
    await store.addObjects(government.actor, collectionId, [tip(AMBER_TIP, ['1002', '1003', '9999'], 'amber')])
    await correlateNew(inbox)
    expect(await orgsNotified([R, AMBER_TIP])).toEqual(['platform', 'government', 'research'])
    // The two tips are one organisation's: they never make a notice with each other.
    expect(await orgsNotified([STRICT_TIP, AMBER_TIP])).toEqual([])
  })

  it('never correlates RED objects, which only named users may see', async () => {
    const red = 'indicator--0c2d1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e03'
    await store.addObjects(government.actor, collectionId, [tip(red, ['1001'], 'red')])
    await correlateNew(inbox)
    expect(await orgsNotified([R, red])).toEqual([])
  })

  it('does nothing on a second run with nothing new', async () => {
    expect(await correlateNew(inbox)).toEqual({ processed: 0, notices: 0 })
  })

  it('dismisses a notice for its organisation only, and hides it unless asked', async () => {
    const [notice] = await inbox.correlations.listNotices(platform.actor, { object: AMBER_TIP })
    if (!notice) throw new Error('expected a notice')
    await expect(dismissCorrelation(inbox, government.actor, notice.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const dismissed = await dismissCorrelation(inbox, platform.actor, notice.id)
    expect(dismissed.dismissedAt).not.toBeNull()
    expect(await inbox.correlations.listNotices(platform.actor, { object: AMBER_TIP })).toEqual([])
    expect(await inbox.correlations.listNotices(platform.actor, { object: AMBER_TIP, includeDismissed: true })).toHaveLength(1)
    expect(await inbox.correlations.listNotices(government.actor, { object: AMBER_TIP })).toHaveLength(1)
  })

  it('stops showing a notice when one of its objects is revoked', async () => {
    await store.addObjects(government.actor, collectionId, [
      { ...tip(AMBER_TIP, ['1002', '1003', '9999'], 'amber'), modified: '2026-11-02T00:00:00.000Z', revoked: true },
    ])
    expect(await inbox.correlations.listNotices(research.actor, { object: AMBER_TIP })).toEqual([])
  })

  it('matches the further observables by value, whatever their ids: hashes across files and artifacts, AS numbers', async () => {
    const sha = 'FE90A7E910CB3A4739BED9180E807E93FA70C90F25A8915476F5E4BFBAC681DB'
    const sco = (type: string, uuid: string, props: Record<string, unknown>) => ({
      type,
      spec_version: '2.1',
      id: `${type}--${uuid}`,
      ...props,
    })
    const file = sco('file', '5e39776a-b284-40b3-8079-22fea964451a', { name: 'a.exe', hashes: { 'SHA-256': sha } })
    const as1 = sco('autonomous-system', '91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f', { number: 15139 })
    const artifact = sco('artifact', '6f437177-6e48-4cf8-9d9e-872a2bddd641', {
      url: 'https://x.example/a',
      hashes: { 'SHA-256': sha.toLowerCase() },
    })
    const as2 = sco('autonomous-system', '0b3f7e1c-2d4a-4e5f-8a6b-7c8d9e0f1a2b', { number: 15139, name: 'Slime Industries' })
    const seen = 'report--6b0e6c1e-5c9f-4a55-9c0e-0d6c5a9f7b11'
    const tipped = 'report--6b0e6c1e-5c9f-4a55-9c0e-0d6c5a9f7b12'
    await store.addObjects(platform.actor, collectionId, [file, as1, report(seen, [file, as1], 'green')])
    await store.addObjects(government.actor, collectionId, [artifact, as2, report(tipped, [artifact, as2], 'green')])
    await correlateNew(inbox)
    const [notice] = await inbox.correlations.listNotices(platform.actor, { object: seen })
    expect(notice?.objects).toEqual([seen, tipped])
    expect(notice?.observables).toEqual(['autonomous-system|15139', `hash|SHA-256:${sha.toLowerCase()}`])
  })
})
