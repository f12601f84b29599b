import { randomUUID } from 'node:crypto'
import { TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { type Reader, readerOf } from '@vigil/core'
import { createExchangeStore } from '@vigil/storage'
import {
  buildWorld,
  describeEachDatabase,
  type SeededUser,
  seedIsolationCast,
  testAuthDeps,
  versionKey,
  WorldModel,
  worldPlan,
} from '@vigil/storage/test-support'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

// Marking-definitions have no `modified`: their version is `created`.
type Stix = { readonly id: string; readonly modified?: string; readonly created?: string }
const sorted = (xs: readonly string[]) => [...xs].sort()

// The exchange's isolation property (the same generated worlds and model), through every
// TAXII read: objects (all versions and the default last), the manifest, and each object's
// versions. A collection the reader may not read answers 403 when it may write it, 404 otherwise.
describeEachDatabase('exchange isolation through TAXII (fast-check)', (database) => {
  let cast: SeededUser[] = []
  let orgIds: string[] = []
  let app: VigilApp

  beforeAll(async () => {
    const identity = testAuthDeps(database())
    app = await buildTestApp(database(), { identity })
    ;({ cast, orgIds } = await seedIsolationCast(identity))
  })
  afterAll(() => app?.close())

  const get = async (who: SeededUser, path: string) => {
    const res = await app.inject({ url: `/taxii2/vigil/collections/${path}`, headers: { ...who.headers, accept: TAXII_MEDIA_TYPE } })
    return { status: res.statusCode, body: res.body ? res.json() : undefined }
  }
  // Every page of a paginated TAXII read, following `next`.
  const all = async (who: SeededUser, path: string, pick: (body: { objects?: unknown[] }) => string[]) => {
    const keys: string[] = []
    let next: string | undefined
    do {
      const page = await get(who, `${path}${path.includes('?') ? '&' : '?'}limit=3${next ? `&next=${next}` : ''}`)
      expect(page.status, path).toBe(200)
      keys.push(...pick(page.body))
      next = page.body.more ? page.body.next : undefined
    } while (next)
    return keys
  }

  function expectedFor(model: WorldModel, reader: Reader, collectionId: string) {
    const visible = model.visible(reader).filter((r) => r.collectionId === collectionId)
    const newest = new Map<string, (typeof visible)[number]>()
    for (const r of visible) if (!newest.has(r.stixId) || r.version > (newest.get(r.stixId)?.version ?? '')) newest.set(r.stixId, r)
    return { all: sorted(visible.map((r) => r.key)), last: sorted([...newest.values()].map((r) => r.key)), visible }
  }

  it('no TAXII read returns, or reveals, an object its reader may not see', async () => {
    const store = createExchangeStore(database().db)
    const model = new WorldModel()
    await fc.assert(
      fc.asyncProperty(worldPlan(orgIds.length, cast.length), async (plan) => {
        const run = await buildWorld(store, cast, orgIds, plan, model)
        for (const [i, who] of cast.entries()) {
          const reader = readerOf(who.actor)
          for (const collectionId of [...run.collectionIds, randomUUID()]) {
            const readers = model.collections.get(collectionId)
            const readable = readers !== undefined && (readers.everyone || readers.orgIds.includes(who.org.id))
            const writable = model.writers.get(collectionId)?.includes(who.org.id) ?? false
            const what = `user ${i}, collection ${collectionId}`
            if (!readable) {
              const res = await get(who, `${collectionId}/objects/`)
              expect(res.status, what).toBe(writable ? 403 : 404)
              expect(JSON.stringify(res.body), what).not.toMatch(/campaign--|relationship--/)
              continue
            }
            const keyOf = (o: Stix) => versionKey(collectionId, o.id, String(o.modified ?? o.created))
            const expected = expectedFor(model, reader, collectionId)
            const objects = (b: { objects?: unknown[] }) => ((b.objects ?? []) as Stix[]).map(keyOf)
            expect(sorted(await all(who, `${collectionId}/objects/?match[version]=all`, objects)), `${what}: all`).toEqual(expected.all)
            expect(sorted(await all(who, `${collectionId}/objects/`, objects)), `${what}: last`).toEqual(expected.last)
            const manifest = (b: { objects?: unknown[] }) =>
              ((b.objects ?? []) as { id: string; version: string }[]).map((m) => versionKey(collectionId, m.id, m.version))
            expect(sorted(await all(who, `${collectionId}/manifest/?match[version]=all`, manifest)), `${what}: manifest`).toEqual(
              expected.all,
            )
            for (const id of [
              ...new Set(model.rows.filter((r) => r.collectionId === collectionId).map((r) => r.stixId)),
              `campaign--${randomUUID()}`,
            ]) {
              const versions = expected.visible.filter((r) => r.stixId === id).map((r) => new Date(r.version).toISOString())
              const res = await get(who, `${collectionId}/objects/${id}/versions/`)
              if (versions.length === 0) expect(res.status, `${what}: versions of ${id}`).toBe(404)
              else
                expect(sorted(res.body.versions.map((v: string) => new Date(v).toISOString())), `${what}: versions of ${id}`).toEqual(
                  sorted(versions),
                )
            }
          }
        }
      }),
      { numRuns: 6 },
    )
    expect(model.rows.length).toBeGreaterThan(6)
  }, 300_000)
})
