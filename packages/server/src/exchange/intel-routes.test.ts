import { readFileSync } from 'node:fs'
import type { NetworksFile } from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { buildNetworkBundle, systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { createExchangeStore } from '@vigil/storage'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

const score = { score: 0.8, timeTightness: 0.9, density: 1, coordinatedShare: 0.5, signalAgreement: 0.5 }
const at = '2024-01-01T00:00:00.000Z'
const networks: NetworksFile = {
  version: 1,
  run: {
    format: 'x-io-archive',
    files: ['dump.csv'],
    window: 60,
    minRepeat: 2,
    weight: 'objects',
    similarity: 0.8,
    signals: ['co-reshare'],
    rows: 4,
    posts: 4,
    accounts: 2,
    badRows: 0,
    firstBadRows: [],
    timeResolutionSeconds: 1,
    warnings: [],
  },
  edges: { 'co-reshare': 1 },
  networks: [
    {
      id: 'n1',
      members: ['2001', '2002'],
      signals: ['co-reshare'],
      edges: [{ a: '2001', b: '2002', weight: 2, signals: { 'co-reshare': 2 } }],
      score,
      evidence: [{ signal: 'co-reshare', object: '99', accounts: ['2001', '2002'], posts: 2, firstAt: at, lastAt: at }],
    },
  ],
}

describeWithShared('intel routes', 'standards/stix-bundles/DISARM.json', (disarmPath) => {
  describeEachDatabase('over HTTP', (database) => {
    let app: VigilApp
    let platform: SeededUser
    let government: SeededUser
    let outsider: SeededUser
    let sharedId: string
    let groupingId: string

    beforeAll(async () => {
      const identity = testAuthDeps(database())
      app = await buildTestApp(database(), { identity })
      const store = createExchangeStore(database().db)
      platform = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
      government = await seedUser(identity, { roles: ['analyst'], kind: 'government' })
      outsider = await seedUser(identity, { roles: ['analyst'] })
      const admin = systemActor('test-admin')
      const frameworks = await store.createCollection(
        admin,
        { title: `frameworks ${Math.random()}`, read: { everyone: true }, defaultTlp: 'clear' },
        new Date(),
      )
      const disarm = JSON.parse(readFileSync(disarmPath, 'utf8')) as { objects: unknown[] }
      expect((await store.addObjects(admin, frameworks.id, disarm.objects)).failures).toEqual([])
      const members = [platform.org.id, government.org.id]
      const shared = await store.createCollection(
        admin,
        { title: `taskforce ${Math.random()}`, read: { orgIds: members }, write: { orgIds: members } },
        new Date(),
      )
      sharedId = shared.id
      const bundle = buildNetworkBundle(networks, { now: new Date() })
      expect((await store.addObjects(platform.actor, shared.id, bundle.objects)).failures).toEqual([])
      groupingId = bundle.objects.find((o) => o.type === 'grouping')?.id ?? ''
      const accountIds = bundle.objects.filter((o) => o.type === 'user-account').map((o) => o.id)
      // The government's tip names the same two accounts, and sights the network.
      await store.addObjects(government.actor, shared.id, [
        {
          type: 'report',
          spec_version: '2.1',
          id: 'report--7d1c1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e01',
          created: at,
          modified: at,
          name: 'Tip: two accounts',
          published: '2024-01-02T00:00:00Z',
          object_refs: accountIds,
          object_marking_refs: [TLP2_MARKING_IDS.amber],
        },
        {
          type: 'sighting',
          spec_version: '2.1',
          id: 'sighting--7d1c1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e02',
          created: at,
          modified: at,
          sighting_of_ref: groupingId,
          count: 2,
          object_marking_refs: [TLP2_MARKING_IDS.amber],
        },
      ])
    })
    afterAll(async () => app?.close())

    const get = (user: SeededUser, url: string) => app.inject({ method: 'GET', url, headers: user.headers })

    it('lists the technique detection proposed, and an analyst confirms it', async () => {
      const before = await get(platform, `/api/v1/techniques?object=${groupingId}`)
      expect(before.json().techniques).toMatchObject([
        { disarmId: 'T0049.003', name: 'Bots Amplify via Automated Forwarding and Reposting', proposed: true },
      ])
      const tag = await app.inject({
        method: 'POST',
        url: '/api/v1/techniques',
        headers: platform.headers,
        payload: { object: groupingId, collection: sharedId, techniques: ['T0049.003', 'T0049.005'] },
      })
      expect(tag.statusCode).toBe(200)
      expect(tag.json()).toMatchObject({ successCount: 2, failureCount: 0 })
      const after = (await get(government, `/api/v1/techniques?object=${groupingId}`)).json().techniques
      expect(after.map((t: { disarmId: string; proposed: boolean }) => [t.disarmId, t.proposed]).sort()).toEqual([
        ['T0049.003', false],
        ['T0049.005', false],
      ])
    })

    it('refuses to tag what the caller may not see, or with a technique nobody imported', async () => {
      const hidden = await app.inject({
        method: 'POST',
        url: '/api/v1/techniques',
        headers: outsider.headers,
        payload: { object: groupingId, collection: sharedId, techniques: ['T0049.003'] },
      })
      expect(hidden.statusCode).toBe(404)
      const unknown = await app.inject({
        method: 'POST',
        url: '/api/v1/techniques',
        headers: platform.headers,
        payload: { object: groupingId, collection: sharedId, techniques: ['T9999'] },
      })
      expect(unknown.statusCode).toBe(404)
      expect(unknown.json().error.message).toMatch(/technique T9999 is not in any imported framework/)
    })

    it('gives both organisations a correlation notice, the outsider none, and dismisses', async () => {
      // The tip matches the network's grouping and its evidence (observed-data), both carrying the two accounts.
      const notices = (await get(government, '/api/v1/correlations')).json().notices
      expect(notices.map((n: { objects: string[] }) => n.objects.find((o) => !o.startsWith('report--'))?.split('--')[0]).sort()).toEqual([
        'grouping',
        'observed-data',
      ])
      for (const n of notices) expect(n.observables).toEqual(['user-account|twitter:2001', 'user-account|twitter:2002'])
      const mine = (await get(platform, `/api/v1/correlations?object=${groupingId}`)).json().notices
      expect(mine).toHaveLength(1)
      expect((await get(outsider, '/api/v1/correlations')).json().notices).toEqual([])
      const stranger = await app.inject({ method: 'POST', url: `/api/v1/correlations/${mine[0].id}/dismiss`, headers: outsider.headers })
      expect(stranger.statusCode).toBe(404)
      const dismissed = await app.inject({ method: 'POST', url: `/api/v1/correlations/${mine[0].id}/dismiss`, headers: platform.headers })
      expect(dismissed.statusCode).toBe(200)
      expect((await get(platform, `/api/v1/correlations?object=${groupingId}`)).json().notices).toEqual([])
      expect((await get(platform, `/api/v1/correlations?object=${groupingId}&include_dismissed=true`)).json().notices).toHaveLength(1)
    })

    it('names the containers of each notice’s objects, and never one the reader may not see', async () => {
      const tip = 'report--7d1c1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e01'
      const { notices, containers } = (await get(government, '/api/v1/correlations')).json()
      const evidence = notices.flatMap((n: { objects: string[] }) => n.objects).find((o: string) => o.startsWith('observed-data--'))
      const network = { id: groupingId, type: 'grouping', name: 'Coordinated network n1 (2 accounts)', creatorOrgId: platform.org.id }
      // The network's evidence sits in its grouping, so both notices name one pair: the tip and the network.
      expect(containers[evidence]).toEqual([{ ...network, created: expect.any(String) }])
      expect(containers[groupingId]).toEqual([{ ...network, created: expect.any(String) }])
      expect(containers[tip]).toEqual([
        { id: tip, type: 'report', name: 'Tip: two accounts', creatorOrgId: government.org.id, created: at },
      ])
      // A RED report of the platform's holding the evidence is named to the platform, never to the government.
      const red = {
        type: 'report',
        spec_version: '2.1',
        id: 'report--7d1c1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e09',
        created: at,
        modified: at,
        name: 'Internal: takedown notes',
        published: at,
        object_refs: [evidence],
        object_marking_refs: [TLP2_MARKING_IDS.red],
      }
      expect((await createExchangeStore(database().db).addObjects(platform.actor, sharedId, [red])).failures).toEqual([])
      const again = (await get(government, '/api/v1/correlations')).json()
      expect(again.containers[evidence]).toEqual(containers[evidence])
      expect(JSON.stringify(again)).not.toContain(red.id)
      expect(JSON.stringify(again)).not.toContain(red.name)
      const theirs = (await get(platform, '/api/v1/correlations?include_dismissed=true')).json()
      expect(theirs.containers[evidence].map((c: { id: string }) => c.id).sort()).toEqual([groupingId, red.id].sort())
      expect((await get(outsider, '/api/v1/correlations')).json()).toEqual({ notices: [], containers: {} })
    })

    it('shows who sighted the network, to those who may see it', async () => {
      const summary = (await get(platform, `/api/v1/sightings?object=${groupingId}`)).json()
      expect(summary).toMatchObject({ sightings: 1, count: 2, byOrg: [{ orgId: government.org.id, count: 2 }] })
      expect((await get(outsider, `/api/v1/sightings?object=${groupingId}`)).statusCode).toBe(404)
      expect((await app.inject({ method: 'GET', url: `/api/v1/sightings?object=${groupingId}` })).statusCode).toBe(401)
    })

    it('lets only the reporting organisation withdraw its sighting, audited; then nobody counts it', async () => {
      const sightingId = 'sighting--7d1c1a4e-3b5f-4d6a-8e7f-9a0b1c2d3e02'
      expect((await get(government, `/api/v1/sightings?object=${groupingId}`)).json().yours).toEqual([sightingId])
      expect((await get(platform, `/api/v1/sightings?object=${groupingId}`)).json().yours).toEqual([])
      const withdraw = (user: SeededUser) =>
        app.inject({ method: 'POST', url: `/api/v1/sightings/${sightingId}/withdraw`, headers: user.headers })
      expect((await withdraw(platform)).statusCode).toBe(403)
      expect((await withdraw(outsider)).statusCode).toBe(404)
      const done = await withdraw(government)
      expect(done.statusCode, done.body).toBe(204)
      for (const user of [platform, government])
        expect((await get(user, `/api/v1/sightings?object=${groupingId}`)).json()).toMatchObject({ sightings: 0, byOrg: [], yours: [] })
      const audit = await database()
        .db.selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'exchange.sighting.withdraw')
        .executeTakeFirstOrThrow()
      expect(audit).toMatchObject({ actor: `user:${government.user.id}`, outcome: 'success' })
      expect((await withdraw(government)).statusCode).toBe(404)
    })
  })
})
