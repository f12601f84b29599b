import { readFileSync } from 'node:fs'
import { systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../test-support/index.js'
import { createExchangeStore, type ExchangeStore } from './exchange-store.js'
import { importMispEvent } from './misp-import.js'

const event = JSON.parse(readFileSync(new URL('./fixtures/misp-event.json', import.meta.url), 'utf8'))
const admin = systemActor('test-admin')
const { amber, red } = TLP2_MARKING_IDS

describeEachDatabase('MISP import', (database) => {
  let store: ExchangeStore
  let collectionId: string
  let objects: Record<string, unknown>[]

  beforeAll(async () => {
    store = createExchangeStore(database().db)
    collectionId = (await store.createCollection(admin, { title: `misp ${Math.random()}`, read: { everyone: true } }, new Date())).id
    const result = await importMispEvent(store, admin, collectionId, event)
    expect(result).toMatchObject({ failureCount: 0, unmapped: 1 })
    objects = (await store.exportBundle(admin, collectionId)).objects as Record<string, unknown>[]
    // The instance sees CLEAR and GREEN only; read the rows themselves for the rest.
    const rows = await database().db.selectFrom('exchange_objects').select('object').where('collection_id', '=', collectionId).execute()
    objects = rows.map((r) => r.object)
  })
  const find = (type: string, where: (o: Record<string, unknown>) => boolean = () => true) =>
    objects.filter((o) => o.type === type && where(o))

  it('turns the event into a report by its organisation, tags into labels and the TLP tag into a marking', () => {
    const [report] = find('report')
    expect(report).toMatchObject({
      id: 'report--5e3a6c5b-9f1d-4b8e-8a7c-2d3f4e5a6b7c',
      name: 'Coordinated accounts pushing a fake polling-station closure',
      published: '2026-11-04T00:00:00Z',
      object_marking_refs: [amber],
      labels: ['misp-galaxy:disarm-techniques="T0049.003 - Bots Amplify via Automated Forwarding and Reposting"'],
      external_references: [{ source_name: 'misp', external_id: '5e3a6c5b-9f1d-4b8e-8a7c-2d3f4e5a6b7c' }],
    })
    expect(find('identity')).toMatchObject([{ id: 'identity--8b7a6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d', name: 'Election Observers' }])
    expect(report?.created_by_ref).toBe('identity--8b7a6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d')
    expect(((report?.object_refs ?? []) as string[]).length).toBe(objects.length - 2)
  })

  it('makes to_ids attributes indicators and the others observed-data with their observables', () => {
    expect(find('indicator')).toMatchObject([
      {
        id: 'indicator--1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c01',
        pattern: "[url:value = 'https://polls-closed.example/notice?utm_source=tw']",
        description: 'landing page',
        object_marking_refs: [amber],
      },
    ])
    expect(
      find('domain-name')
        .map((d) => d.value)
        .sort(),
    ).toEqual(['mirror.example', 'polls-closed.example'])
    expect(find('ipv4-addr').map((d) => d.value)).toEqual(['203.0.113.7'])
    expect(find('ipv6-addr').map((d) => d.value)).toEqual(['2001:db8::7'])
    expect(find('observed-data')).toHaveLength(6)
    expect(find('note')).toMatchObject([{ content: 'Posts claimed polling stations in District 4 were closed.' }])
  })

  it('keeps an attribute tlp:red tag and maps "your organisation only" to AMBER+STRICT', () => {
    expect(find('email-addr')).toMatchObject([{ value: 'organiser@mailer.example', object_marking_refs: [red] }])
    const strict = find('observed-data', (o) => (o.object_marking_refs as string[])[0] === TLP2_MARKING_IDS['amber+strict'])
    expect(strict).toHaveLength(2)
  })

  it('makes a twitter-account object one user-account', () => {
    expect(find('user-account')).toMatchObject([{ account_type: 'twitter', user_id: '1187654321', account_login: 'district4news' }])
  })

  it('refuses what is not a MISP event with the path of the problem', async () => {
    await expect(importMispEvent(store, admin, collectionId, { Event: { info: 'x' } })).rejects.toThrow(/not a MISP event: \$\.Event\.uuid/)
  })
})
