import { Envelope, Manifest, type Tlp } from '@vigil/contracts'
import { canReadObject, readerOf } from '@vigil/core'
import type { SeededUser } from '@vigil/storage/test-support'
import { describeEachDatabase } from '@vigil/storage/test-support'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { campaign, startTaxiiServer, type TaxiiServer } from '../test-support/taxii-fixture.js'

const TLPS: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red']

// One generated world: who may read each collection, and who posted what, marked how.
const world = fc.record({
  collections: fc.array(fc.record({ everyone: fc.boolean(), readers: fc.subarray([0, 1, 2]) }), { minLength: 1, maxLength: 2 }),
  objects: fc.array(fc.record({ poster: fc.nat(2), collection: fc.nat(1), tlp: fc.constantFrom(...TLPS) }), { minLength: 1, maxLength: 8 }),
})

describeEachDatabase('tenant isolation through TAXII', (database) => {
  let server: TaxiiServer
  let users: SeededUser[]
  beforeAll(async () => {
    server = await startTaxiiServer(database())
    users = [await server.seedUser(), await server.seedUser(), await server.seedUser()]
  })
  afterAll(() => server.close())

  it('no TAXII read returns, or reveals, an object its reader may not see', async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ collections, objects }) => {
        const everyOrg = users.map((u) => u.org.id)
        // Every organisation may write, so each poster can post and each collection is visible to all.
        const ids = await Promise.all(
          collections.map((c) =>
            server.collection({ everyone: c.everyone, orgIds: c.readers.map((i) => everyOrg[i] ?? '') }, { orgIds: everyOrg }),
          ),
        )
        const posted = objects.map((o) => {
          const collection = o.collection % collections.length
          return { ...o, collection, object: campaign({ tlp: o.tlp }) }
        })
        for (const p of posted) {
          const res = await server.call('POST', `collections/${ids[p.collection]}/objects/`, users[p.poster] ?? null, {
            objects: [p.object],
          })
          expect(res.status).toBe(202)
        }
        for (const reader of users) {
          for (const [c, id] of ids.entries()) {
            const spec = collections[c]
            const readable = spec?.everyone || spec?.readers.some((i) => users[i]?.org.id === reader.org.id)
            const expected = posted
              .filter((p) => p.collection === c)
              .filter((p) => {
                const poster = users[p.poster] as SeededUser
                return canReadObject(readerOf(reader.actor), {
                  tlp: p.tlp,
                  creatorOrgId: poster.org.id,
                  recipientOrgIds: [],
                  recipientUserIds: [poster.user.id],
                  collection: { everyone: spec?.everyone ?? false, orgIds: (spec?.readers ?? []).map((i) => everyOrg[i] ?? '') },
                })
              })
              .map((p) => p.object.id)
            const list = await server.call('GET', `collections/${id}/objects/?limit=1000`, reader)
            const manifest = await server.call('GET', `collections/${id}/manifest/?limit=1000`, reader)
            if (!readable) {
              expect([list.status, manifest.status]).toEqual([403, 403])
              expect(JSON.stringify(list.body)).not.toContain('campaign--')
              continue
            }
            expect((Envelope.parse(list.body).objects ?? []).map((o) => o.id)).toEqual(expected)
            expect((Manifest.parse(manifest.body).objects ?? []).map((o) => o.id)).toEqual(expected)
            for (const p of posted.filter((q) => q.collection === c)) {
              const one = await server.call('GET', `collections/${id}/objects/${p.object.id}/versions/`, reader)
              expect(one.status).toBe(expected.includes(p.object.id) ? 200 : 404)
            }
          }
        }
      }),
      { numRuns: 12 },
    )
  })
})
