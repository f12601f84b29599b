import { randomUUID } from 'node:crypto'
import { Envelope, TaxiiStatus } from '@vigil/contracts'
import { describeWithShared, loadMispCorpus, MISP_REFUSED, STIX_SPEC_EXAMPLES, sortById } from '@vigil/contracts/test-support'
import { scoId, TLP2_MARKING_IDS } from '@vigil/core'
import { describeEachDatabase, type SeededUser } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTaxiiServer, type TaxiiServer } from '../test-support/taxii-fixture.js'

describeWithShared('TAXII with what real producers send', 'standards/producers/misp-stix-2.1.json', (corpusPath) => {
  describeEachDatabase('TAXII: MISP output and the OASIS client envelope', (database) => {
    let server: TaxiiServer
    let alice: SeededUser
    let bob: SeededUser

    beforeAll(async () => {
      server = await startTaxiiServer(database())
      alice = await server.seedUser()
      bob = await server.seedUser()
    })
    afterAll(() => server.close())

    const readAll = async (collection: string, user: SeededUser) => {
      const objects: { id: string }[] = []
      let next: string | undefined
      do {
        const page = await server.call(
          'GET',
          `collections/${collection}/objects/?limit=100${next ? `&next=${encodeURIComponent(next)}` : ''}`,
          user,
        )
        const envelope = Envelope.parse(page.body)
        objects.push(...((envelope.objects ?? []) as { id: string }[]))
        next = envelope.more ? envelope.next : undefined
      } while (next)
      return objects
    }

    it("stores MISP's STIX 2.1 output but the three §11.1-breaking objects, with the reason, and serves it back unchanged", async () => {
      const { bundle, stored } = loadMispCorpus(corpusPath)
      const collection = await server.collection({ orgIds: [alice.org.id, bob.org.id] }, { orgIds: [alice.org.id] })
      const posted = await server.call('POST', `collections/${collection}/objects/`, alice, { objects: bundle.objects })
      expect(posted.status).toBe(202)
      const status = TaxiiStatus.parse(posted.body)
      expect(status).toMatchObject({ status: 'complete', total_count: 304, success_count: 301, failure_count: 3 })
      expect((status.failures ?? []).map((f) => f.id).sort()).toEqual(Object.keys(MISP_REFUSED).sort())
      for (const failure of status.failures ?? []) {
        const expected = MISP_REFUSED[failure.id]
        expect(failure.message).toContain(expected?.path)
        expect(failure.message).toMatch(expected?.says ?? /./)
      }
      expect(sortById(await readAll(collection, bob))).toEqual(stored)
    })

    // The shape the OASIS taxii2-client's add_objects sends: one envelope of SDOs, an SRO,
    // SCOs with deterministic (UUIDv5) and random (UUIDv4) ids, and custom objects.
    it('accepts an ordinary envelope of SDOs, an SRO and SCOs with both kinds of id', async () => {
      const collection = await server.collection({ orgIds: [alice.org.id, bob.org.id] }, { orgIds: [alice.org.id] })
      const common = { spec_version: '2.1', created: '2026-03-01T00:00:00.000Z', modified: '2026-03-01T00:00:00.000Z' }
      const marking = { object_marking_refs: [TLP2_MARKING_IDS.green] }
      const identity = {
        type: 'identity',
        id: `identity--${randomUUID()}`,
        ...common,
        ...marking,
        name: 'CERT',
        identity_class: 'organization',
      }
      const indicator = {
        type: 'indicator',
        id: `indicator--${randomUUID()}`,
        ...common,
        ...marking,
        created_by_ref: identity.id,
        pattern: "[domain-name:value = 'evil.example']",
        pattern_type: 'stix',
        valid_from: '2026-03-01T00:00:00Z',
      }
      const randomDomain = {
        type: 'domain-name',
        spec_version: '2.1',
        id: `domain-name--${randomUUID()}`,
        value: 'evil.example',
        ...marking,
      }
      const domain = { type: 'domain-name', spec_version: '2.1', value: 'Evil.Example', ...marking }
      const v5Domain = { ...domain, id: String(scoId({ ...domain, id: '' })) }
      const account = {
        type: 'user-account',
        spec_version: '2.1',
        id: `user-account--${randomUUID()}`,
        account_type: 'twitter',
        user_id: '42',
        ...marking,
      }
      const observed = {
        type: 'observed-data',
        id: `observed-data--${randomUUID()}`,
        ...common,
        ...marking,
        first_observed: '2026-03-01T00:00:00Z',
        last_observed: '2026-03-01T00:00:00Z',
        number_observed: 1,
        object_refs: [randomDomain.id, v5Domain.id, account.id],
      }
      const relationship = {
        type: 'relationship',
        id: `relationship--${randomUUID()}`,
        ...common,
        ...marking,
        relationship_type: 'based-on',
        source_ref: indicator.id,
        target_ref: observed.id,
      }
      // Custom objects that extension definitions add, kept as received.
      const custom = ['a new SDO defined by an extension', 'a new SCO defined by an extension'].map((name) => ({
        ...(STIX_SPEC_EXAMPLES[name] as { id: string }),
        ...marking,
      }))
      const objects = [
        identity,
        indicator,
        observed,
        relationship,
        randomDomain,
        v5Domain,
        account,
        ...custom.map((o) => ({ ...o, ...marking })),
      ]
      const posted = TaxiiStatus.parse((await server.call('POST', `collections/${collection}/objects/`, alice, { objects })).body)
      expect(posted).toMatchObject({ status: 'complete', total_count: 9, success_count: 9, failure_count: 0 })
      expect(sortById(await readAll(collection, bob))).toEqual(sortById(objects))
    })
  })
})
