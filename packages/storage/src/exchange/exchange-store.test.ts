import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDir } from '@vigil/contracts/test-support'
import { scoId, systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { MIGRATIONS } from '../postgres/migrations/index.js'
import { type SeededUser, seedUser, testAuthDeps } from '../test-support/auth-fixtures.js'
import { describeEachDatabase } from '../test-support/index.js'
import { createExchangeStore, type ExchangeStore } from './exchange-store.js'

const admin = systemActor('test-admin')
const campaign = (extra: Record<string, unknown> = {}) => ({
  type: 'campaign',
  spec_version: '2.1',
  id: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'Operation Branistan',
  ...extra,
})

describeEachDatabase('exchange store', (database) => {
  let store: ExchangeStore
  let alice: SeededUser
  let bob: SeededUser
  let collectionId: string

  beforeAll(async () => {
    const { db } = database()
    store = createExchangeStore(db)
    const identity = testAuthDeps(database())
    alice = await seedUser(identity, { roles: ['analyst'] })
    bob = await seedUser(identity, { roles: ['analyst'] })
    const c = await store.createCollection(
      admin,
      { title: `shared ${Math.random()}`, read: { orgIds: [alice.org.id, bob.org.id] }, write: { orgIds: [alice.org.id] } },
      new Date(),
    )
    collectionId = c.id
  })

  it('keeps versions by (id, modified): re-posting is idempotent, an older version never replaces a newer', async () => {
    const v2 = campaign({ modified: '2026-01-03T00:00:00.000Z', description: 'second' })
    const v1 = campaign({ modified: '2026-01-02T00:00:00.000Z', description: 'first' })
    expect((await store.addObjects(alice.actor, collectionId, [v2, v2])).successCount).toBe(2)
    await store.addObjects(alice.actor, collectionId, [v2, v1])
    const { db } = database()
    const rows = await db.selectFrom('exchange_objects').select('version').where('stix_id', '=', v1.id).execute()
    expect(rows).toHaveLength(2)
    expect((await store.get(bob.actor, v1.id)).object).toEqual(v2)
    expect((await store.history(bob.actor, v1.id)).map((o) => o.object.description)).toEqual(['first', 'second'])
  })

  it('hides a revoked object from default reads and keeps it in its history', async () => {
    const id = 'campaign--0b1f5cbb-3ef1-4c4a-8a8e-0d2b7c1c9a11'
    await store.addObjects(alice.actor, collectionId, [
      campaign({ id }),
      campaign({ id, modified: '2026-02-01T00:00:00.000Z', revoked: true }),
    ])
    await expect(store.get(bob.actor, id)).rejects.toMatchObject({ code: 'EXCHANGE_OBJECT_NOT_FOUND' })
    expect((await store.list(bob.actor, { ids: [id] }, { limit: 10 })).objects).toEqual([])
    expect((await store.get(bob.actor, id, { includeRevoked: true })).revoked).toBe(true)
    expect(await store.history(bob.actor, id)).toHaveLength(2)
  })

  it('stores the valid objects of a bundle and reports each invalid one with its JSON path', async () => {
    const result = await store.addObjects(alice.actor, collectionId, [
      campaign({ id: 'campaign--1d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f01' }),
      campaign({ id: 'campaign--2d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f02', created: 'yesterday' }),
      { type: 'url', id: 'url--4b5e4c6a-7c50-5f7e-9b4e-0a8a3b1c2d3e', value: 'https://example.com/' },
    ])
    expect(result).toMatchObject({ total: 3, successCount: 1, failureCount: 2 })
    expect(result.failures[0]).toMatchObject({
      index: 1,
      id: 'campaign--2d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f02',
      issues: [{ path: '$.created' }],
    })
    expect(result.failures[1]?.issues[0]?.message).toMatch(/UUIDv5/)
  })

  it('records the default marking beside an unmarked object, never in it, and lets the object’s own TLP win', async () => {
    const unmarked = campaign({ id: 'campaign--3d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f03' })
    const green = campaign({ id: 'campaign--4d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f04', object_marking_refs: [TLP2_MARKING_IDS.green] })
    await store.addObjects(alice.actor, collectionId, [unmarked, green])
    const a = await store.get(alice.actor, unmarked.id)
    expect(a).toMatchObject({ tlp: 'amber', tlpSource: 'default', creatorOrgId: alice.org.id })
    expect(a.object).toEqual(unmarked)
    expect(await store.get(bob.actor, green.id)).toMatchObject({ tlp: 'green', tlpSource: 'object' })
  })

  it('lets only the named users read RED, and audits each such read', async () => {
    const red = campaign({ id: 'campaign--5d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f05', object_marking_refs: [TLP2_MARKING_IDS.red] })
    await store.addObjects(alice.actor, collectionId, [red])
    await expect(store.get(bob.actor, red.id)).rejects.toMatchObject({ code: 'EXCHANGE_OBJECT_NOT_FOUND', message: `no object ${red.id}` })
    await expect(store.get(bob.actor, 'campaign--6d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f06')).rejects.toMatchObject({
      message: 'no object campaign--6d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f06',
    })
    expect((await store.get(alice.actor, red.id)).tlp).toBe('red')
    const { db } = database()
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'target_id'])
      .where('action', '=', 'exchange.object.read')
      .execute()
    expect(audit).toEqual([{ actor: `user:${alice.user.id}`, action: 'exchange.object.read', target_id: red.id }])
  })

  it('lets the instance admin change who reads and writes a collection, at once and audited', async () => {
    const identity = testAuthDeps(database())
    const carol = await seedUser(identity, { roles: ['analyst'] })
    const c = await store.createCollection(admin, { title: `regranted ${Math.random()}`, read: { orgIds: [alice.org.id] } }, new Date())
    expect(await store.listCollections(carol.actor)).toEqual([])
    await expect(store.setCollectionGrants(alice.actor, c.id, { read: { everyone: true } }, new Date())).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    })
    const changed = await store.setCollectionGrants(
      admin,
      c.id,
      { read: { orgIds: [carol.org.id] }, write: { orgIds: [carol.org.id] } },
      new Date(),
    )
    expect(changed).toMatchObject({ read: { everyone: false, orgIds: [carol.org.id], groupIds: [] }, write: { orgIds: [carol.org.id] } })
    expect((await store.listCollections(carol.actor)).map((x) => [x.id, x.canWrite])).toEqual([[c.id, true]])
    expect((await store.listCollections(alice.actor)).map((x) => x.id)).not.toContain(c.id)
    const audit = await database()
      .db.selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', c.id)
      .where('action', '=', 'exchange.collection.grants')
      .execute()
    expect(audit).toHaveLength(1)
    await expect(
      store.setCollectionGrants(admin, c.id, { read: { orgIds: ['00000000-0000-4000-8000-000000000000'] } }, new Date()),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('lets the instance admin rename a collection and change its default TLP for objects added from then on, audited', async () => {
    const title = `renamed ${Math.random()}`
    const c = await store.createCollection(
      admin,
      { title: `${title} (draft)`, read: { orgIds: [alice.org.id] }, write: { orgIds: [alice.org.id] } },
      new Date(),
    )
    const before = campaign({ id: 'campaign--7d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f07' })
    await store.addObjects(alice.actor, c.id, [before])
    await expect(store.updateCollection(alice.actor, c.id, { title }, new Date())).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' })
    const changed = await store.updateCollection(admin, c.id, { title, defaultTlp: 'green' }, new Date())
    expect(changed).toMatchObject({ title, defaultTlp: 'green', description: '' })
    const after = campaign({ id: 'campaign--8d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f08' })
    await store.addObjects(alice.actor, c.id, [after])
    expect((await store.get(alice.actor, before.id)).tlp).toBe('amber')
    expect(await store.get(alice.actor, after.id)).toMatchObject({ tlp: 'green', tlpSource: 'default' })
    await expect(store.updateCollection(admin, collectionId, { title }, new Date())).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(store.updateCollection(admin, c.id, {}, new Date())).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    const audit = await database()
      .db.selectFrom('audit_log')
      .select('details')
      .where('target_id', '=', c.id)
      .where('action', '=', 'exchange.collection.update')
      .execute()
    expect(audit.map((a) => a.details)).toEqual([
      { title: { before: `${title} (draft)`, after: title }, defaultTlp: { before: 'amber', after: 'green' } },
    ])
  })

  it('lets only the organisation that shared an object add versions of it, so no partner rewrites or revokes it', async () => {
    const c = await store.createCollection(
      admin,
      {
        title: `two writers ${Math.random()}`,
        read: { orgIds: [alice.org.id, bob.org.id] },
        write: { orgIds: [alice.org.id, bob.org.id] },
      },
      new Date(),
    )
    const id = 'campaign--9d0e3c6c-6b0f-4c56-9a5a-0f4f2f8e8f09'
    const value = { type: 'url', spec_version: '2.1', value: 'https://example.com/' }
    const url = { ...value, id: scoId({ ...value, id: 'url--00000000-0000-5000-8000-000000000000' }) }
    await store.addObjects(alice.actor, c.id, [campaign({ id, description: 'by alice' })])
    const rewrite = campaign({ id, modified: '2026-02-01T00:00:00.000Z', description: 'rewritten by bob' })
    const revoke = campaign({ id, modified: '2026-03-01T00:00:00.000Z', revoked: true })
    const result = await store.addObjects(bob.actor, c.id, [campaign({ id, description: 'by alice' }), rewrite, revoke])
    expect(result).toMatchObject({ total: 3, successCount: 1, failureCount: 2 })
    expect(result.failures.map((f) => [f.index, f.id, f.issues[0]?.message])).toEqual([
      [1, id, expect.stringMatching(/^another organisation shared this object in the collection first/)],
      [2, id, expect.stringMatching(/^another organisation/)],
    ])
    expect((await store.get(bob.actor, id)).object.description).toBe('by alice')
    // Its creator versions it; the instance itself may too.
    expect(
      (await store.addObjects(alice.actor, c.id, [campaign({ id, modified: '2026-02-01T00:00:00.000Z', description: 'second' })]))
        .failureCount,
    ).toBe(0)
    expect((await store.get(bob.actor, id)).object.description).toBe('second')
    expect((await store.addObjects(admin, c.id, [revoke])).failureCount).toBe(0)
    await expect(store.get(bob.actor, id)).rejects.toMatchObject({ code: 'EXCHANGE_OBJECT_NOT_FOUND' })
    // An observable is the same object for everyone who sees it: sharing it again is no version.
    expect((await store.addObjects(alice.actor, c.id, [url])).failureCount).toBe(0)
    expect((await store.addObjects(bob.actor, c.id, [url])).failureCount).toBe(0)
  })

  it("keeps each organisation's posting of the same observable under its own marking, and tells none of the other's", async () => {
    const c = await store.createCollection(
      admin,
      {
        title: `observables ${Math.random()}`,
        read: { orgIds: [alice.org.id, bob.org.id] },
        write: { orgIds: [alice.org.id, bob.org.id] },
      },
      new Date(),
    )
    const domain = (value: string) => {
      const v = { type: 'domain-name', spec_version: '2.1', value }
      return { ...v, id: scoId({ ...v, id: 'domain-name--00000000-0000-5000-8000-000000000000' }) as string }
    }
    const held = domain(`held-${Math.random().toString(36).slice(2)}.example`)
    const fresh = domain(`fresh-${Math.random().toString(36).slice(2)}.example`)
    expect((await store.addObjects(bob.actor, c.id, [held], { tlp: 'red' })).successCount).toBe(1)
    // Alice's answer is the one she gets for an observable nobody holds.
    const answer = (r: Awaited<ReturnType<ExchangeStore['addObjects']>>) => ({ ...r, collectionId: 'c' })
    const expected = answer(await store.addObjects(alice.actor, c.id, [fresh], { tlp: 'green' }))
    expect(answer(await store.addObjects(alice.actor, c.id, [held], { tlp: 'green' }))).toEqual(expected)
    expect(await store.get(alice.actor, held.id)).toMatchObject({ tlp: 'green', creatorOrgId: alice.org.id })
    expect((await store.history(alice.actor, held.id)).map((o) => o.tlp)).toEqual(['green'])
    // Bob reads his own posting; a colleague of his not named on the RED one reads Alice's.
    expect(await store.get(bob.actor, held.id)).toMatchObject({ tlp: 'red', creatorOrgId: bob.org.id })
    const colleague = await seedUser(testAuthDeps(database()), { roles: ['analyst'], org: bob.org })
    expect(await store.get(colleague.actor, held.id)).toMatchObject({ tlp: 'green', creatorOrgId: alice.org.id })
    const listed = await store.list(bob.actor, { collectionId: c.id, observable: held.value }, { limit: 10 })
    expect(listed.objects.map((o) => o.tlp)).toEqual(['red'])
    // Each organisation posts a version once: a re-post is no new row.
    await store.addObjects(alice.actor, c.id, [held])
    const rows = await database().db.selectFrom('exchange_objects').select('tlp').where('stix_id', '=', held.id).execute()
    expect(rows.map((r) => r.tlp).sort()).toEqual(['green', 'red'])
  })

  it('refuses writers the collection does not name, and hides collections from strangers', async () => {
    await expect(store.addObjects(bob.actor, collectionId, [campaign()])).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' })
    const identity = testAuthDeps(database())
    const stranger = await seedUser(identity, { roles: ['analyst'] })
    await expect(store.addObjects(stranger.actor, collectionId, [campaign()])).rejects.toMatchObject({
      code: 'EXCHANGE_COLLECTION_NOT_FOUND',
    })
    expect(await store.listCollections(stranger.actor)).toEqual([])
  })

  it('finds DISARM techniques by their ids, and migration 0510 gives objects stored before their ids', async () => {
    const bundle = JSON.parse(readFileSync(join(sharedDir(), 'standards/stix-bundles/DISARM.json'), 'utf8')) as { objects: unknown[] }
    const c = await store.createCollection(
      admin,
      { title: `disarm ${Math.random()}`, read: { orgIds: [alice.org.id] }, write: { orgIds: [alice.org.id] } },
      new Date(),
    )
    await store.addObjects(alice.actor, c.id, bundle.objects)
    const found = async () =>
      (await store.list(alice.actor, { collectionId: c.id, types: ['attack-pattern'], text: 'T0049' }, { limit: 10 })).objects
        .map((o) => o.object.name)
        .sort()
    // Others mention the id in their descriptions; the two techniques are found by their own.
    const own = ['Flood Information Space', 'Trolls Amplify and Manipulate']
    expect(await found()).toEqual(expect.arrayContaining(own))
    const { db } = database()
    // As stored before 0510: names and descriptions only.
    await sql`update exchange_objects set search_text = lower(coalesce(object->>'name', '') || ' ' || coalesce(object->>'description', '')) where collection_id = ${c.id}`.execute(
      db,
    )
    expect(await found()).not.toContain(own[0])
    await MIGRATIONS['0510-search-external-ids']?.up(db)
    expect(await found()).toEqual(expect.arrayContaining(own))
  })

  it('finds an account by the user id the list shows, and migration 0810 gives accounts stored before theirs', async () => {
    const c = await store.createCollection(
      admin,
      { title: `accounts ${Math.random()}`, read: { orgIds: [alice.org.id] }, write: { orgIds: [alice.org.id] } },
      new Date(),
    )
    const value = { type: 'user-account', spec_version: '2.1', user_id: 'Op-Amplifier-7', account_type: 'twitter' }
    const account = { ...value, id: scoId({ ...value, id: 'user-account--00000000-0000-5000-8000-000000000000' }) as string }
    await store.addObjects(alice.actor, c.id, [account])
    const found = async () =>
      (await store.list(alice.actor, { collectionId: c.id, text: 'amplifier-7' }, { limit: 10 })).objects.map((o) => o.object.id)
    expect(await found()).toEqual([account.id])
    const { db } = database()
    // As stored before 0810: no user id in the search text.
    await sql`update exchange_objects set search_text = '' where collection_id = ${c.id}`.execute(db)
    expect(await found()).toEqual([])
    await MIGRATIONS['0810-search-account-ids']?.up(db)
    expect(await found()).toEqual([account.id])
  })

  it('imports the real bundles and exports them back equal as sets of objects (DISARM included)', async () => {
    const dir = join(sharedDir(), 'standards/stix-bundles')
    for (const file of [
      'DISARM.json',
      'poisonivy.json',
      'defining-campaigns-threat-actors-intrusion-sets.json',
      'using-marking-definitions.json',
    ]) {
      const bundle = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { objects: Record<string, unknown>[] }
      const c = await store.createCollection(
        admin,
        { title: `real ${file}`, read: { orgIds: [alice.org.id] }, write: { orgIds: [alice.org.id] } },
        new Date(),
      )
      const result = await store.addObjects(alice.actor, c.id, bundle.objects)
      expect(result.failureCount, file).toBe(0)
      const exported = await store.exportBundle(alice.actor, c.id)
      const key = (o: unknown) => String((o as { id: string }).id)
      expect(
        [...exported.objects].sort((a, b) => key(a).localeCompare(key(b))),
        file,
      ).toEqual([...bundle.objects].sort((a, b) => key(a).localeCompare(key(b))))
    }
  })
})
