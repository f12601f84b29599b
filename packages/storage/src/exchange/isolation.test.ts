import { type Actor, isVigilError, readerOf, systemActor } from '@vigil/core'
import fc from 'fast-check'
import { beforeAll, expect, it } from 'vitest'
import { buildWorld, checkReads, type ReadPaths, versionKey, WorldModel, worldPlan } from '../test-support/exchange-world.js'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '../test-support/index.js'
import { createExchangeStore, type ExchangeStore } from './exchange-store.js'
import type { StoredObject } from './object-reads.js'

const key = (o: StoredObject) => versionKey(o.collectionId, o.stixId, o.version)

async function notFoundAsNull<T>(
  fn: () => Promise<T>,
  message: string,
  code: 'EXCHANGE_OBJECT_NOT_FOUND' | 'EXCHANGE_COLLECTION_NOT_FOUND' = 'EXCHANGE_OBJECT_NOT_FOUND',
): Promise<T | null> {
  try {
    return await fn()
  } catch (err) {
    // Hidden and absent must be answered alike, down to the message.
    if (isVigilError(err, code) && err.message === message) return null
    throw err
  }
}

function storePaths(store: ExchangeStore): ReadPaths<Actor | null> {
  return {
    async list(who, filter) {
      const keys: string[] = []
      let after: string | undefined
      do {
        const page = await store.list(who, { ...filter }, { limit: 7, ...(after ? { after } : {}) })
        keys.push(...page.objects.map(key))
        after = page.next ?? undefined
      } while (after)
      return keys
    },
    get: (who, id) => notFoundAsNull(async () => key(await store.get(who, id)), `no object ${id}`),
    history: (who, id) => notFoundAsNull(async () => (await store.history(who, id)).map(key), `no object ${id}`),
    relationships: (who, id) =>
      notFoundAsNull(async () => (await store.relationships(who, id, { limit: 1000 })).objects.map(key), `no object ${id}`),
    exportIds: (who, collectionId) =>
      notFoundAsNull(
        async () => {
          if (who === null) return null
          return (await store.exportBundle(who, collectionId)).objects.map((o) => String((o as { id: string }).id))
        },
        `no collection '${collectionId}'`,
        'EXCHANGE_COLLECTION_NOT_FOUND',
      ),
  }
}

describeEachDatabase('exchange isolation (fast-check)', (database) => {
  const cast: SeededUser[] = []
  const orgIds: string[] = []

  beforeAll(async () => {
    const identity = testAuthDeps(database())
    for (let i = 0; i < 4; i++) {
      const first = await seedUser(identity, { roles: ['analyst'] })
      const second = await seedUser(identity, { roles: ['analyst'], org: first.org })
      cast.push(first, second)
      orgIds.push(first.org.id)
    }
  })

  it('no read path returns, or reveals, an object its reader may not see', async () => {
    const store = createExchangeStore(database().db)
    const model = new WorldModel()
    const paths = storePaths(store)
    await fc.assert(
      fc.asyncProperty(worldPlan(orgIds.length, cast.length), async (plan) => {
        const run = await buildWorld(store, cast, orgIds, plan, model)
        const readers: [Actor | null, string][] = [
          ...cast.map((u, i) => [u.actor, `user ${i}`] as [Actor, string]),
          [systemActor('reader'), 'instance'],
          [null, 'anonymous'],
        ]
        for (const [who, name] of readers) {
          await checkReads(
            paths,
            model,
            who,
            readerOf(who),
            run.token,
            (actual, expected, what) => expect(actual, `${name}: ${what}`).toEqual(expected),
            run.ids,
          )
        }
      }),
      { numRuns: 12 },
    )
    expect(model.rows.length).toBeGreaterThan(12)
  }, 300_000)
})
