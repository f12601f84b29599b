import { readerOf } from '@vigil/core'
import { createExchangeStore } from '@vigil/storage'
import {
  buildWorld,
  checkReads,
  describeEachDatabase,
  type ReadPaths,
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

interface Entry {
  readonly collectionId: string
  // Marking-definitions have no `modified`: their version is `created`.
  readonly object: { readonly id: string; readonly modified?: string; readonly created?: string }
}
const key = (e: Entry) => versionKey(e.collectionId, e.object.id, String(e.object.modified ?? e.object.created))

// The same property as the store's, through every REST read path: list and search (all
// pages), get, history, relationships and export. EXCHANGE_OBJECT_NOT_FOUND must read the same for hidden and absent.
function restPaths(app: VigilApp): ReadPaths<SeededUser> {
  const read = async (who: SeededUser, url: string, absentMessage: string, code = 'EXCHANGE_OBJECT_NOT_FOUND') => {
    const res = await app.inject({ url, headers: who.headers })
    if (res.statusCode === 404 && res.json().error.message === absentMessage) {
      expect(res.json().error.code).toBe(code)
      return null
    }
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  return {
    async list(who, filter) {
      const params = new URLSearchParams({ limit: '7' })
      if (filter.types) params.set('type', filter.types.join(','))
      if (filter.text) params.set('q', filter.text)
      const keys: string[] = []
      for (let cursor: string | null = ''; cursor !== null; ) {
        if (cursor) params.set('cursor', cursor)
        const page = await read(who, `/api/v1/objects?${params}`, '')
        keys.push(...page.objects.map(key))
        cursor = page.next
      }
      return keys
    },
    get: async (who, id) => {
      const e = await read(who, `/api/v1/objects/${id}`, `no object ${id}`)
      return e && key(e)
    },
    history: async (who, id) => (await read(who, `/api/v1/objects/${id}/history`, `no object ${id}`))?.versions.map(key) ?? null,
    relationships: async (who, id) =>
      (await read(who, `/api/v1/objects/${id}/relationships?limit=1000`, `no object ${id}`))?.objects.map(key) ?? null,
    exportIds: async (who, c) =>
      (await read(who, `/api/v1/collections/${c}/export`, `no collection '${c}'`, 'EXCHANGE_COLLECTION_NOT_FOUND'))?.objects.map(
        (o: { id: string }) => o.id,
      ) ?? null,
  }
}

describeEachDatabase('exchange isolation through the REST API (fast-check)', (database) => {
  let cast: SeededUser[] = []
  let orgIds: string[] = []
  let app: VigilApp

  beforeAll(async () => {
    const identity = testAuthDeps(database())
    app = await buildTestApp(database(), { identity })
    ;({ cast, orgIds } = await seedIsolationCast(identity))
  })
  afterAll(() => app?.close())

  it('no REST read path returns, or reveals, an object its reader may not see', async () => {
    const store = createExchangeStore(database().db)
    const model = new WorldModel()
    const paths = restPaths(app)
    await fc.assert(
      fc.asyncProperty(worldPlan(orgIds.length, cast.length), async (plan) => {
        const run = await buildWorld(store, cast, orgIds, plan, model)
        for (const [i, who] of cast.entries()) {
          const check = (actual: unknown, expected: unknown, what: string) => expect(actual, `user ${i}: ${what}`).toEqual(expected)
          await checkReads(paths, model, who, readerOf(who.actor), run.token, check, run.ids, run.collectionIds)
        }
      }),
      { numRuns: 6 },
    )
    expect(model.rows.length).toBeGreaterThan(6)
  }, 600_000) // twelve worlds through HTTP, on a machine that may be loaded
})
