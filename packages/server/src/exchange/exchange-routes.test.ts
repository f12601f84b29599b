import { bundleText, poisonedObjectTexts } from '@vigil/contracts/test-support'
import { TLP2_MARKING_IDS } from '@vigil/core'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

const ts = '2026-01-01T00:00:00.000Z'
const campaign = (n: number, extra: Record<string, unknown> = {}) => ({
  type: 'campaign',
  spec_version: '2.1',
  id: `campaign--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  created: ts,
  modified: ts,
  name: `Operation ${n}`,
  ...extra,
})
const bundle = (objects: unknown[]) => ({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects })
const domain = { type: 'domain-name', id: 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7', value: 'example.com' }

describeEachDatabase('exchange REST API', (database) => {
  let app: VigilApp
  let admin: SeededUser
  let alice: SeededUser
  let bob: SeededUser
  let carol: SeededUser
  let collection: string

  beforeAll(async () => {
    const identity = testAuthDeps(database())
    app = await buildTestApp(database(), { identity })
    admin = await seedUser(identity, { roles: ['admin'] })
    alice = await seedUser(identity, { roles: ['analyst'] })
    bob = await seedUser(identity, { roles: ['analyst'] })
    carol = await seedUser(identity, { roles: ['org-admin'] })
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/collections',
      headers: admin.headers,
      payload: { title: 'Election 2026', read: { orgIds: [alice.org.id, bob.org.id] }, write: { orgIds: [alice.org.id] } },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ defaultTlp: 'amber', read: { everyone: false } })
    collection = res.json().id
  })
  afterAll(() => app?.close())

  const post = (who: SeededUser, objects: unknown[], query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/collections/${collection}/objects${query}`,
      headers: { ...who.headers, 'content-type': 'application/stix+json;version=2.1' },
      payload: JSON.stringify(bundle(objects)),
    })
  const get = (who: SeededUser, url: string) => app.inject({ url, headers: who.headers })

  it('stores a STIX bundle and reports each invalid object with its path', async () => {
    const res = await post(alice, [
      campaign(1),
      campaign(2, { object_marking_refs: [TLP2_MARKING_IDS.green] }),
      campaign(3, { modified: 'now' }),
      domain,
    ])
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      total: 4,
      successCount: 3,
      failureCount: 1,
      failures: [{ index: 2, issues: [{ path: '$.modified' }] }],
    })
  })

  it('refuses a poisoned object (NUL, lone surrogate, 5,000 levels deep) as that object alone, and stores the rest', async () => {
    const poisoned = poisonedObjectTexts(1)
    // A collection only Alice reads, so Bob's searches in the other tests stay as they are.
    const own = await app.inject({
      method: 'POST',
      url: '/api/v1/collections',
      headers: admin.headers,
      payload: { title: 'Poisoned feed', read: { orgIds: [alice.org.id] }, write: { orgIds: [alice.org.id] } },
    })
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/collections/${own.json().id}/objects`,
      headers: { ...alice.headers, 'content-type': 'application/stix+json;version=2.1' },
      payload: bundleText([...poisoned.texts, campaign(31)]),
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ total: 4, successCount: 1, failureCount: 3 })
    expect(res.json().failures.map((f: { id: string; issues: { message: string }[] }) => [f.id, f.issues[0]?.message])).toEqual([
      [poisoned.ids[0], expect.stringMatching(/NUL/)],
      [poisoned.ids[1], expect.stringMatching(/lone UTF-16 surrogate/)],
      [poisoned.ids[2], expect.stringMatching(/nested deeper than 64/)],
    ])
    expect((await get(alice, `/api/v1/objects/${campaign(31).id}`)).statusCode).toBe(200)
  })

  it('answers each limit with its own status and message: size, compression, prototype keys, broken JSON', async () => {
    const boundary = 'vigil-limit-boundary'
    // A valid bundle of 11.9 MB, over the default 10 MiB body limit.
    const big = JSON.stringify(bundle(Array.from({ length: 40_000 }, (_, i) => campaign(100_000 + i, { description: 'x'.repeat(200) }))))
    expect(big.length).toBeGreaterThan(11_500_000)
    const upload = await app.inject({
      method: 'POST',
      url: `/api/v1/collections/${collection}/upload`,
      headers: { ...alice.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="big.json"', '', big, `--${boundary}--`, ''].join(
        '\r\n',
      ),
    })
    expect([upload.statusCode, upload.json().error]).toEqual([
      413,
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/exceeds the body limit/) }),
    ])
    const send = (body: string, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/collections/${collection}/objects`,
        headers: { ...alice.headers, 'content-type': 'application/stix+json;version=2.1', ...headers },
        payload: body,
      })
    const gzipped = await send(JSON.stringify(bundle([campaign(40)])), { 'content-encoding': 'gzip' })
    expect([gzipped.statusCode, gzipped.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
    expect(gzipped.json().error.message).toMatch(/Content-Encoding 'gzip' is not accepted/)
    const proto = await send(
      '{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{"__proto__":{"admin":true}}]}',
    )
    expect([proto.statusCode, proto.json().error.message]).toEqual([400, expect.stringMatching(/has a "__proto__" key/)])
    const asJson = await app.inject({
      method: 'POST',
      url: '/api/v1/collections',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"title":"t","__proto__":{}}',
    })
    expect([asJson.statusCode, asJson.json().error.message]).toEqual([400, expect.stringMatching(/has a "__proto__" key/)])
    const broken = await send('{"type":')
    expect([broken.statusCode, broken.json().error.message]).toEqual([400, expect.stringMatching(/^the body is not valid JSON: /)])
  })

  it('refuses a body that is not a bundle, and writers the collection does not name', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/collections/${collection}/objects`,
      headers: alice.headers,
      payload: { objects: [] },
    })
    expect(bad.statusCode).toBe(400)
    expect((await post(bob, [campaign(9)])).statusCode).toBe(403)
    expect((await post(carol, [campaign(9)])).json().error.code).toBe('EXCHANGE_COLLECTION_NOT_FOUND')
  })

  it('searches by type, marking, creator, free text and observable, with cursor pages', async () => {
    const ids = async (url: string) => (await get(bob, url)).json().objects.map((e: { object: { id: string } }) => e.object.id)
    expect(await ids('/api/v1/objects?type=domain-name')).toEqual([domain.id])
    expect(await ids('/api/v1/objects?tlp=green')).toEqual([campaign(2).id])
    expect(await ids('/api/v1/objects?q=operation%201')).toEqual([campaign(1).id])
    expect(await ids('/api/v1/objects?observable=EXAMPLE.com')).toEqual([domain.id])
    expect(await ids(`/api/v1/objects?creator_org=${alice.org.id}&type=campaign`)).toEqual([campaign(1).id, campaign(2).id])
    const first = (await get(bob, '/api/v1/objects?limit=2')).json()
    expect(first.objects).toHaveLength(2)
    const second = (await get(bob, `/api/v1/objects?limit=2&cursor=${first.next}`)).json()
    expect(second).toMatchObject({ next: null })
    expect(second.objects).toHaveLength(1)
    expect((await get(bob, '/api/v1/objects?limit=0')).statusCode).toBe(400)
  })

  it('shows an object with the marking recorded beside it, its history and its relationships', async () => {
    const rel = {
      type: 'relationship',
      spec_version: '2.1',
      id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
      created: ts,
      modified: ts,
      relationship_type: 'related-to',
      source_ref: campaign(1).id,
      target_ref: campaign(2).id,
    }
    await post(alice, [rel, campaign(1, { modified: '2026-01-05T00:00:00.000Z', description: 'v2' })])
    const one = (await get(bob, `/api/v1/objects/${campaign(1).id}`)).json()
    expect(one).toMatchObject({ tlp: 'amber', tlpSource: 'default', creatorOrgId: alice.org.id, object: { description: 'v2' } })
    expect(one.object.object_marking_refs).toBeUndefined()
    expect((await get(bob, `/api/v1/objects/${campaign(1).id}/history`)).json().versions).toHaveLength(2)
    expect(
      (await get(bob, `/api/v1/objects/${campaign(2).id}/relationships`))
        .json()
        .objects.map((e: { object: { id: string } }) => e.object.id),
    ).toEqual([rel.id])
  })

  it('answers a hidden object exactly as an absent one', async () => {
    const red = campaign(7, { object_marking_refs: [TLP2_MARKING_IDS.red] })
    await post(alice, [red])
    expect((await get(alice, `/api/v1/objects/${red.id}`)).statusCode).toBe(200)
    for (const suffix of ['', '/history', '/relationships']) {
      const hidden = await get(bob, `/api/v1/objects/${red.id}${suffix}`)
      const absent = await get(bob, `/api/v1/objects/${campaign(8).id}${suffix}`)
      expect(hidden.statusCode).toBe(404)
      expect(absent.statusCode).toBe(404)
      expect([hidden.json().error.code, absent.json().error.code]).toEqual(['EXCHANGE_OBJECT_NOT_FOUND', 'EXCHANGE_OBJECT_NOT_FOUND'])
      expect(hidden.json().error.message.replace(red.id, 'X')).toBe(absent.json().error.message.replace(campaign(8).id, 'X'))
    }
    const hiddenCollection = await get(carol, `/api/v1/collections/${collection}/export`)
    const absentCollection = await get(carol, '/api/v1/collections/6a0f2a8e-0000-4000-8000-000000000000/export')
    expect(hiddenCollection.statusCode).toBe(404)
    expect(hiddenCollection.json().error.code).toBe('EXCHANGE_COLLECTION_NOT_FOUND')
    expect(hiddenCollection.json().error.message.replace(collection, 'X')).toBe(
      absentCollection.json().error.message.replace('6a0f2a8e-0000-4000-8000-000000000000', 'X'),
    )
  })

  it('exports what the reader may see as a STIX bundle, and imports an uploaded file', async () => {
    const res = await get(bob, `/api/v1/collections/${collection}/export?type=campaign`)
    expect(res.headers['content-type']).toMatch(/^application\/stix\+json/)
    const exported = res.json()
    expect(exported.type).toBe('bundle')
    expect(exported.objects.map((o: { id: string }) => o.id).sort()).toEqual([campaign(1).id, campaign(2).id].sort())
    const boundary = 'vigil-test-boundary'
    const payload = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="bundle.json"',
      'Content-Type: application/json',
      '',
      JSON.stringify(bundle([campaign(20)])),
      `--${boundary}--`,
      '',
    ].join('\r\n')
    const up = await app.inject({
      method: 'POST',
      url: `/api/v1/collections/${collection}/upload?tlp=clear`,
      headers: { ...alice.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    })
    expect(up.statusCode).toBe(200)
    expect(up.json()).toMatchObject({ successCount: 1, failureCount: 0 })
    expect((await get(bob, `/api/v1/objects/${campaign(20).id}`)).json()).toMatchObject({ tlp: 'clear', tlpSource: 'default' })
  })

  it('lets an org-admin create a sharing group that a collection then grants to', async () => {
    const group = await app.inject({
      method: 'POST',
      url: '/api/v1/sharing-groups',
      headers: carol.headers,
      payload: { name: 'Taskforce', memberOrgIds: [bob.org.id] },
    })
    expect(group.statusCode).toBe(201)
    expect(group.json().memberOrgIds.sort()).toEqual([bob.org.id, carol.org.id].sort())
    const c = await app.inject({
      method: 'POST',
      url: '/api/v1/collections',
      headers: admin.headers,
      payload: { title: 'Taskforce shares', read: { groupIds: [group.json().id] }, write: { orgIds: [bob.org.id] } },
    })
    expect(c.statusCode).toBe(201)
    expect((await get(carol, '/api/v1/collections')).json().map((x: { title: string }) => x.title)).toEqual(['Taskforce shares'])
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/collections', headers: carol.headers, payload: { title: 'x' } })).statusCode,
    ).toBe(403)
    const regrant = (who: SeededUser, payload: Record<string, unknown>) =>
      app.inject({ method: 'PUT', url: `/api/v1/collections/${c.json().id}/grants`, headers: who.headers, payload })
    expect((await regrant(carol, { read: { everyone: true } })).statusCode).toBe(403)
    const opened = await regrant(admin, { read: { everyone: true }, write: { groupIds: [group.json().id] } })
    expect(opened.statusCode).toBe(200)
    expect(opened.json()).toMatchObject({ read: { everyone: true, groupIds: [] }, write: { orgIds: [], groupIds: [group.json().id] } })
    expect((await get(alice, '/api/v1/collections')).json().map((x: { title: string }) => x.title)).toContain('Taskforce shares')
  })
  it('imports a MISP event as STIX into a collection its writers name, and refuses what is not one', async () => {
    const event = {
      Event: {
        uuid: '6a1f0c2e-8d4b-4e5f-9a3c-1b2d3e4f5a6b',
        info: 'Fake polling-station closure',
        date: '2026-11-03',
        distribution: '1',
        Tag: [{ name: 'tlp:green' }],
        Attribute: [{ type: 'domain', category: 'Network activity', value: 'closed-polls.example' }],
      },
    }
    const misp = (who: SeededUser, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/api/v1/collections/${collection}/misp`, headers: who.headers, payload })
    const res = await misp(alice, event)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ failureCount: 0, unmapped: 0 })
    expect(res.json().successCount).toBeGreaterThanOrEqual(2)
    const reports = await get(bob, '/api/v1/objects?type=report&q=polling-station')
    expect(reports.json().objects.map((o: { object: { name: string } }) => o.object.name)).toEqual(['Fake polling-station closure'])
    expect((await misp(alice, { Event: { info: 'no uuid' } })).statusCode).toBe(400)
    expect((await misp(bob, event)).statusCode).toBe(403)
  })
})
