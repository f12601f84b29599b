import { randomUUID } from 'node:crypto'
import type { StixObject, Tlp } from '@vigil/contracts'
import { type Actor, canReadObject, correlateNew, type ObjectAccess, scoId, systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import fc from 'fast-check'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '../test-support/index.js'
import { createCorrelationDeps } from './correlation-deps.js'
import { createExchangeStore } from './exchange-store.js'

// The isolation property, extended to correlation: after any sequence of objects from
// several organisations under random collections and markings, an organisation holds a
// notice for two objects exactly when core's `canReadObject` lets it see both, they come
// from different organisations, and they share an observable.

const TLPS: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red']
const ACCOUNTS = ['3001', '3002', '3003']
const account = (user: string) => {
  const draft = { type: 'user-account', spec_version: '2.1', id: '', account_type: 'twitter', user_id: user }
  return { ...draft, id: scoId(draft as StixObject) ?? '' }
}

const plan = (orgs: number) =>
  fc.record({
    collections: fc.array(fc.record({ everyone: fc.boolean(), readers: fc.uniqueArray(fc.nat(orgs - 1), { maxLength: orgs }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    objects: fc.array(
      fc.record({
        creator: fc.nat(orgs - 1),
        collection: fc.nat(2),
        tlp: fc.constantFrom(...TLPS),
        recipients: fc.uniqueArray(fc.nat(orgs - 1), { maxLength: 2 }),
        accounts: fc.uniqueArray(fc.constantFrom(...ACCOUNTS), { minLength: 1, maxLength: 2 }),
      }),
      { minLength: 2, maxLength: 6 },
    ),
  })

describeEachDatabase('correlation isolation (fast-check)', (database) => {
  const cast: SeededUser[] = []

  beforeAll(async () => {
    const identity = testAuthDeps(database())
    for (let i = 0; i < 4; i++) cast.push(await seedUser(identity, { roles: ['analyst'] }))
  })

  it('tells an organisation of a match exactly when it may see both objects', async () => {
    const { db } = database()
    const store = createExchangeStore(db)
    const inbox = createCorrelationDeps(db)
    const admin: Actor = systemActor('isolation-test')
    const orgIds = cast.map((u) => u.org.id)
    let checked = 0
    await fc.assert(
      fc.asyncProperty(plan(cast.length), async (p) => {
        const token = randomUUID().slice(0, 8)
        const collections = []
        for (const [i, c] of p.collections.entries()) {
          const readers = c.readers.map((r) => orgIds[r] as string)
          const created = await store.createCollection(
            admin,
            { title: `corr ${token} ${i}`, read: { everyone: c.everyone, orgIds: readers as never }, write: { orgIds: orgIds as never } },
            new Date(),
          )
          collections.push({ id: created.id, readers: { everyone: c.everyone, orgIds: readers } })
        }
        const stored: { id: string; creator: string; keys: Set<string>; access: ObjectAccess }[] = []
        for (const o of p.objects) {
          const collection = collections[o.collection % collections.length] as (typeof collections)[number]
          const creator = cast[o.creator] as SeededUser
          const id = `report--${randomUUID()}`
          const accounts = o.accounts.map(account)
          const recipientOrgIds = o.recipients.map((r) => orgIds[r] as string)
          const report = {
            type: 'report',
            spec_version: '2.1',
            id,
            created: '2026-11-01T00:00:00.000Z',
            modified: '2026-11-01T00:00:00.000Z',
            name: id,
            published: '2026-11-01T00:00:00Z',
            object_refs: accounts.map((a) => a.id),
            object_marking_refs: [TLP2_MARKING_IDS[o.tlp]],
          }
          const result = await store.addObjects(creator.actor, collection.id, [...accounts, report], {
            recipientOrgIds: recipientOrgIds as never,
          })
          expect(result.failures).toEqual([])
          stored.push({
            id,
            creator: creator.org.id,
            keys: new Set(o.accounts),
            access: {
              tlp: o.tlp,
              creatorOrgId: creator.org.id,
              recipientOrgIds,
              recipientUserIds: [creator.user.id],
              collection: collection.readers,
            },
          })
        }
        await correlateNew(inbox)
        const ids = new Set(stored.map((s) => s.id))
        for (const user of cast) {
          const org = { kind: 'member' as const, orgId: user.org.id, userId: '' }
          const expected: string[] = []
          for (const a of stored) {
            for (const b of stored) {
              if (a.id >= b.id || a.creator === b.creator || ![...a.keys].some((k) => b.keys.has(k))) continue
              if (canReadObject(org, a.access) && canReadObject(org, b.access)) expected.push(`${a.id} ${b.id}`)
            }
          }
          const notices = (await inbox.correlations.listNotices(user.actor, { limit: 1000 }))
            .filter((n) => ids.has(n.objects[0]) && ids.has(n.objects[1]))
            .map((n) => n.objects.join(' '))
          expect(notices.sort(), `org of ${user.user.email}`).toEqual(expected.sort())
          checked += expected.length
        }
      }),
      { numRuns: 10 },
    )
    // The generated worlds did produce notices, so the property was not vacuous.
    expect(checked).toBeGreaterThan(0)
  }, 300_000)
})
