import { Envelope, Manifest, STIX_MEDIA_TYPE, TaxiiCollection, TaxiiCollections, TaxiiStatus, Versions } from '@vigil/contracts'
import { poisonedObjectTexts } from '@vigil/contracts/test-support'
import type { SeededUser } from '@vigil/storage/test-support'
import { describeEachDatabase } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { campaign, startTaxiiServer, type TaxiiServer } from '../test-support/taxii-fixture.js'

describeEachDatabase('TAXII collections and objects, over HTTP', (database) => {
  let server: TaxiiServer
  let alice: SeededUser // writes and reads `shared`
  let bob: SeededUser // reads `shared`, writes `dropbox` without reading it
  let carol: SeededUser // sees neither
  let auditor: SeededUser // no exchange:read at all
  let shared: string
  let dropbox: string

  beforeAll(async () => {
    server = await startTaxiiServer(database())
    alice = await server.seedUser()
    bob = await server.seedUser()
    carol = await server.seedUser()
    auditor = await server.seedUser(['auditor'])
    shared = await server.collection({ orgIds: [alice.org.id, bob.org.id] }, { orgIds: [alice.org.id] })
    dropbox = await server.collection({ orgIds: [] }, { orgIds: [bob.org.id] })
  })
  afterAll(() => server.close())

  const objectsOf = (shared_: string) => `collections/${shared_}/objects/`

  it("lists each caller's collections with its own can_read and can_write", async () => {
    const view = async (user: SeededUser) => TaxiiCollections.parse((await server.call('GET', 'collections/', user)).body).collections ?? []
    const aliceSees = await view(alice)
    expect(aliceSees.map((c) => [c.id, c.can_read, c.can_write])).toEqual([[shared, true, true]])
    expect(aliceSees[0]?.media_types).toEqual([STIX_MEDIA_TYPE])
    const bobSees = new Map((await view(bob)).map((c) => [c.id, [c.can_read, c.can_write]]))
    expect(Object.fromEntries(bobSees)).toEqual({ [shared]: [true, false], [dropbox]: [false, true] })
    expect(await view(carol)).toEqual([])
    expect((await server.call('GET', 'collections/', auditor)).status).toBe(403)
  })

  it('answers one collection, and 404 for an unknown one or one the caller cannot see', async () => {
    const one = await server.call('GET', `collections/${shared}/`, bob)
    expect(TaxiiCollection.parse(one.body)).toMatchObject({ id: shared, can_read: true, can_write: false })
    expect((await server.call('GET', `collections/${shared}/`, carol)).status).toBe(404)
    expect((await server.call('GET', 'collections/6a0f2a8e-0000-4000-8000-000000000000/', alice)).status).toBe(404)
    expect(
      (await server.call('GET', `collections/${(await server.exchange.getCollection(alice.actor, shared)).title}/`, alice)).status,
    ).toBe(404)
  })

  it('takes an envelope into a status resource, with each invalid object a failure, and lets the poster poll it', async () => {
    const good = campaign({ tlp: 'green' })
    const bad = { ...campaign(), created: '2026-02-01T00:00:00.000Z' } // created after modified
    const posted = await server.call('POST', objectsOf(shared), alice, { objects: [good, bad] })
    expect(posted.status).toBe(202)
    const status = TaxiiStatus.parse(posted.body)
    expect(status).toMatchObject({ status: 'complete', total_count: 2, success_count: 1, failure_count: 1, pending_count: 0 })
    expect(status.successes).toEqual([{ id: good.id, version: good.modified }])
    expect(status.failures?.[0]).toMatchObject({ id: bad.id, version: bad.modified })
    expect(status.failures?.[0]?.message).toMatch(/created|modified/)
    const polled = await server.call('GET', `status/${status.id}/`, alice)
    expect(TaxiiStatus.parse(polled.body)).toEqual(status)
    expect((await server.call('GET', `status/${status.id}/`, bob)).status).toBe(404)
  })

  it('refuses a write without the right (403), to an unknown collection (404) and a malformed envelope (422)', async () => {
    expect((await server.call('POST', objectsOf(shared), bob, { objects: [campaign()] })).status).toBe(403)
    expect((await server.call('POST', objectsOf(shared), carol, { objects: [campaign()] })).status).toBe(404)
    expect((await server.call('POST', objectsOf(shared), auditor, { objects: [campaign()] })).status).toBe(403)
    // An object the status could not name (no id of STIX form) fails the envelope.
    const malformed = await server.call('POST', objectsOf(shared), alice, { objects: [campaign(), { type: 'campaign' }] })
    expect(malformed.status).toBe(422)
    expect(malformed.body).toMatchObject({ http_status: '422', error_code: 'TAXII_UNPROCESSABLE' })
    expect(malformed.body.description).toMatch(/\/objects\/1\/id/)
  })

  it('answers each object it can name in the status: poisoned ones and ones without a type fail alone', async () => {
    const good = campaign({ tlp: 'green' })
    const poisoned = poisonedObjectTexts(2)
    const untyped = { id: 'campaign--6d1e9a3c-1f0b-4e0a-9c7e-2b8f7d6a5c4e', modified: 'yesterday' }
    const envelope = `{"objects":[${[...poisoned.texts, JSON.stringify(untyped), JSON.stringify(good)].join(',')}]}`
    const posted = await server.call('POST', objectsOf(shared), alice, envelope)
    expect(posted.status).toBe(202)
    const status = TaxiiStatus.parse(posted.body)
    expect(status).toMatchObject({ total_count: 5, success_count: 1, failure_count: 4 })
    expect(status.failures?.map((f) => f.id)).toEqual([...poisoned.ids, untyped.id])
    expect(status.failures?.[0]?.message).toMatch(/NUL/)
    expect(TaxiiStatus.parse((await server.call('GET', `status/${status.id}/`, alice)).body)).toEqual(status)
  })

  it('refuses reading objects of a collection the caller may only write (403)', async () => {
    expect((await server.call('POST', objectsOf(dropbox), bob, { objects: [campaign()] })).status).toBe(202)
    const read = await server.call('GET', objectsOf(dropbox), bob)
    expect(read.status).toBe(403)
    expect(read.body).toMatchObject({ http_status: '403', error_code: 'AUTH_FORBIDDEN' })
    expect((await server.call('GET', `collections/${dropbox}/manifest/`, bob)).status).toBe(403)
  })

  it('pages through 1,000 objects with limit and next, each exactly once, in date-added order', async () => {
    const collection = await server.collection({ orgIds: [alice.org.id, bob.org.id] }, { orgIds: [alice.org.id] })
    const posted: string[] = []
    for (let batch = 0; batch < 10; batch++) {
      const objects = Array.from({ length: 100 }, () => campaign({ tlp: 'green' }))
      posted.push(...objects.map((o) => o.id))
      expect((await server.call('POST', objectsOf(collection), alice, { objects })).status).toBe(202)
    }
    const seen: string[] = []
    let lastAdded = ''
    let next: string | undefined
    let pages = 0
    do {
      const page = await server.call('GET', `${objectsOf(collection)}?limit=100${next ? `&next=${encodeURIComponent(next)}` : ''}`, bob)
      expect(page.status).toBe(200)
      const envelope = Envelope.parse(page.body)
      const first = page.headers.get('x-taxii-date-added-first') ?? ''
      const last = page.headers.get('x-taxii-date-added-last') ?? ''
      expect(first >= lastAdded && last >= first).toBe(true)
      lastAdded = last
      seen.push(...(envelope.objects ?? []).map((o) => o.id))
      next = envelope.more ? envelope.next : undefined
      pages++
    } while (next)
    expect(pages).toBe(10)
    expect(seen).toEqual(posted)
    const after = await server.call('GET', `${objectsOf(collection)}?added_after=${encodeURIComponent(lastAdded)}`, bob)
    expect(Envelope.parse(after.body)).toEqual({ more: false, objects: [] })
  })

  it('resumes with added_after inside one envelope: each object has its own date_added', async () => {
    const collection = await server.collection({ orgIds: [alice.org.id, bob.org.id] }, { orgIds: [alice.org.id] })
    const posted = Array.from({ length: 250 }, () => campaign({ tlp: 'green' }))
    expect((await server.call('POST', objectsOf(collection), alice, { objects: posted })).status).toBe(202)
    // A client that stops after each page and comes back with the page's last date_added.
    const seen: string[] = []
    let addedAfter: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = await server.call(
        'GET',
        `${objectsOf(collection)}?limit=100${addedAfter ? `&added_after=${encodeURIComponent(addedAfter)}` : ''}`,
        bob,
      )
      const envelope = Envelope.parse(page.body)
      seen.push(...(envelope.objects ?? []).map((o) => o.id))
      if (!envelope.more) break
      addedAfter = page.headers.get('x-taxii-date-added-last') ?? ''
    }
    expect(seen).toEqual(posted.map((o) => o.id))
    const manifest = Manifest.parse((await server.call('GET', `collections/${collection}/manifest/?limit=1000`, bob)).body)
    const added = (manifest.objects ?? []).map((r) => r.date_added)
    expect(new Set(added).size).toBe(posted.length)
    expect([...added].sort()).toEqual(added)
  })

  it('filters by match[id], match[type], match[version] and match[spec_version]', async () => {
    const id = `campaign--7d2a3c1e-5b7f-4e0a-9c1d-${Date.now().toString(16).padStart(12, '0').slice(-12)}`
    const v1 = campaign({ id, modified: '2026-03-01T00:00:00.000Z', tlp: 'green' })
    const v2 = campaign({ id, modified: '2026-03-02T00:00:00.123456Z', tlp: 'green', name: 'renamed' })
    await server.call('POST', objectsOf(shared), alice, { objects: [v1, v2] })
    const get = async (q: string) => Envelope.parse((await server.call('GET', `${objectsOf(shared)}?${q}`, bob)).body).objects ?? []
    expect(await get(`match[id]=${id}`)).toEqual([v2])
    expect(await get(`match[id]=${id}&match[version]=first`)).toEqual([v1])
    expect(await get(`match[id]=${id}&match[version]=all`)).toEqual([v1, v2])
    expect(await get(`match[id]=${id}&match[version]=2026-03-01T00:00:00.000Z`)).toEqual([v1])
    expect(await get(`match[id]=${id}&match[version]=first,last`)).toEqual([v1, v2])
    expect(await get(`match[id]=${id}&match[version]=last,2026-03-01T00:00:00.000Z`)).toEqual([v1, v2])
    expect(await get(`match[id]=${id}&match[version]=first,2026-03-05T00:00:00.000Z`)).toEqual([v1])
    expect(await get(`match[id]=${id}&match[type]=intrusion-set`)).toEqual([])
    expect(await get(`match[id]=${id}&match[type]=intrusion-set,campaign`)).toEqual([v2])
    expect(await get(`match[id]=${id}&match[spec_version]=2.0`)).toEqual([])
    expect((await server.call('GET', `${objectsOf(shared)}?match[version]=newest`, bob)).status).toBe(400)
  })

  it('serves one object, its versions and the manifest; deletes only what its organisation added', async () => {
    const id = `campaign--4f1e2d3c-0000-4000-8000-${Date.now().toString(16).padStart(12, '0').slice(-12)}`
    const v1 = campaign({ id, modified: '2026-04-01T00:00:00.000Z', tlp: 'green' })
    const v2 = campaign({ id, modified: '2026-04-02T00:00:00.000Z', tlp: 'green' })
    await server.call('POST', objectsOf(shared), alice, { objects: [v1, v2] })
    const one = await server.call('GET', `${objectsOf(shared)}${id}/`, bob)
    expect(Envelope.parse(one.body).objects).toEqual([v2])
    expect(one.headers.get('x-taxii-date-added-last')).toMatch(/Z$/)
    const all = await server.call('GET', `${objectsOf(shared)}${id}/?match[version]=all`, bob)
    expect(Envelope.parse(all.body).objects).toEqual([v1, v2])
    const versions = Versions.parse((await server.call('GET', `${objectsOf(shared)}${id}/versions/`, bob)).body)
    expect(versions).toEqual({ more: false, versions: [v1.modified, v2.modified] })
    const manifest = Manifest.parse(
      (await server.call('GET', `collections/${shared}/manifest/?match[id]=${id}&match[version]=all`, bob)).body,
    )
    expect(manifest.objects?.map((m) => [m.id, m.version, m.media_type])).toEqual([
      [id, v1.modified, STIX_MEDIA_TYPE],
      [id, v2.modified, STIX_MEDIA_TYPE],
    ])
    expect((await server.call('DELETE', `${objectsOf(shared)}${id}/`, bob)).status).toBe(403)
    expect((await server.call('DELETE', `${objectsOf(shared)}${id}/?match[version]=${v1.modified}`, alice)).status).toBe(200)
    expect(Versions.parse((await server.call('GET', `${objectsOf(shared)}${id}/versions/`, bob)).body).versions).toEqual([v2.modified])
    expect((await server.call('DELETE', `${objectsOf(shared)}${id}/`, alice)).status).toBe(200)
    expect((await server.call('GET', `${objectsOf(shared)}${id}/`, bob)).status).toBe(404)
    expect((await server.call('GET', `${objectsOf(shared)}${id}/versions/`, bob)).status).toBe(404)
    expect((await server.call('DELETE', `${objectsOf(shared)}${id}/`, alice)).status).toBe(404)
  })

  it('lets a writer delete only versions its own organisation added', async () => {
    const dave = await server.seedUser()
    const both = await server.collection({ orgIds: [alice.org.id, dave.org.id] }, { orgIds: [alice.org.id, dave.org.id] })
    const object = campaign({ tlp: 'green' })
    await server.call('POST', objectsOf(both), alice, { objects: [object] })
    const refused = await server.call('DELETE', `${objectsOf(both)}${object.id}/`, dave)
    expect(refused.status).toBe(403)
    expect(refused.body.description).toContain('only the organisation that added')
    expect((await server.call('GET', `${objectsOf(both)}${object.id}/`, dave)).status).toBe(200)
  })

  it('applies markings on every TAXII read: a RED object is the poster’s alone', async () => {
    const red = campaign({ tlp: 'red' })
    await server.call('POST', objectsOf(shared), alice, { objects: [red] })
    expect((await server.call('GET', `${objectsOf(shared)}${red.id}/`, alice)).status).toBe(200)
    expect((await server.call('GET', `${objectsOf(shared)}${red.id}/`, bob)).status).toBe(404)
    expect((await server.call('GET', `${objectsOf(shared)}${red.id}/versions/`, bob)).status).toBe(404)
    const manifest = Manifest.parse((await server.call('GET', `collections/${shared}/manifest/?match[id]=${red.id}`, bob)).body)
    expect(manifest.objects ?? []).toEqual([])
  })
})
