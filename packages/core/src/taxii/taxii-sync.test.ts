import type { EnvelopeObject, TaxiiStatus } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { systemActor } from '../auth/actor.js'
import type { LocalCollection, RemoteCollection, SyncStateKey, SyncStateStore } from './taxii-ports.js'
import { packEnvelopes, pullCollection, pushCollection } from './taxii-sync.js'

const actor = systemActor('taxii-test')
const object = (n: number): EnvelopeObject => ({
  type: 'indicator',
  id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  spec_version: '2.1',
  name: `n${n}`,
})
const added = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString()

// A remote collection over an array, paginating with `next` like a TAXII server.
function arrayRemote(items: readonly EnvelopeObject[], failOnce?: { atPage: number }): RemoteCollection & { posted: EnvelopeObject[][] } {
  let page = 0
  const posted: EnvelopeObject[][] = []
  return {
    key: 'https://remote.example/taxii2/r/|c1',
    posted,
    async getObjects({ addedAfter, next, limit = 10 }) {
      page++
      if (failOnce && page === failOnce.atPage) {
        failOnce = undefined
        throw new Error('connection reset')
      }
      const all = items.map((o, i) => ({ o, at: added(i) })).filter((x) => addedAfter === undefined || x.at > addedAfter)
      const start = next ? Number(next) : 0
      const slice = all.slice(start, start + limit)
      const more = start + limit < all.length
      return {
        envelope: { more, ...(more ? { next: String(start + limit) } : {}), objects: slice.map((x) => x.o) },
        ...(slice.length ? { dateAddedLast: slice[slice.length - 1]?.at } : {}),
      }
    },
    async addObjects(objects): Promise<TaxiiStatus> {
      posted.push([...objects])
      const n = objects.length
      return { id: 's', status: 'complete', total_count: n, success_count: n, failure_count: 0, pending_count: 0 }
    },
    async maxContentLength() {
      return 400
    },
  }
}

function memoryLocal(initial: readonly EnvelopeObject[] = []): LocalCollection & { stored: EnvelopeObject[] } {
  const stored = [...initial]
  return {
    stored,
    async addObjects(_actor, _collection, objects) {
      stored.push(...(objects as EnvelopeObject[]))
      return { successes: objects.map((o) => ({ id: o.id, version: 'v' })), failures: [], pendings: [] }
    },
    async readObjects(_actor, _collection, { after, limit }) {
      const start = after ? Number(after) : 0
      const objects = stored.slice(start, start + limit)
      return { objects, ...(objects.length ? { cursor: String(start + objects.length) } : {}) }
    },
  }
}

function memoryState(): SyncStateStore & { map: Map<string, string> } {
  const map = new Map<string, string>()
  const k = (key: SyncStateKey) => `${key.direction}|${key.remote}|${key.local}`
  return { map, get: async (key) => map.get(k(key)), set: async (key, v) => void map.set(k(key), v) }
}

describe('pullCollection', () => {
  const items = Array.from({ length: 25 }, (_, i) => object(i))

  it('reads every page once, in order, and saves where to resume', async () => {
    const local = memoryLocal()
    const state = memoryState()
    const r = await pullCollection({ remote: arrayRemote(items), local, state }, actor, 'tips', { limit: 10 })
    expect(local.stored.map((o) => o.id)).toEqual(items.map((o) => o.id))
    expect(r).toMatchObject({ pages: 3, objects: 25, succeeded: 25, failed: 0, resumeFrom: added(24) })
    const again = await pullCollection({ remote: arrayRemote(items), local, state }, actor, 'tips', { limit: 10 })
    expect(again.objects).toBe(0)
    expect(local.stored).toHaveLength(25)
  })

  it('resumes after an interruption without losing or repeating a page', async () => {
    const local = memoryLocal()
    const state = memoryState()
    await expect(pullCollection({ remote: arrayRemote(items, { atPage: 2 }), local, state }, actor, 'tips', { limit: 10 })).rejects.toThrow(
      'connection reset',
    )
    expect(local.stored).toHaveLength(10)
    await pullCollection({ remote: arrayRemote(items), local, state }, actor, 'tips', { limit: 10 })
    expect(local.stored.map((o) => o.id)).toEqual(items.map((o) => o.id))
  })
})

describe('pushCollection', () => {
  it('sends envelopes within max_content_length and only new objects on the next run', async () => {
    const local = memoryLocal(Array.from({ length: 7 }, (_, i) => object(i)))
    const state = memoryState()
    const remote = arrayRemote([])
    const r = await pushCollection({ remote, local, state }, actor, 'tips', { batch: 5 })
    expect(r).toMatchObject({ objects: 7, succeeded: 7, failed: 0, resumeFrom: '7' })
    for (const envelope of remote.posted) expect(JSON.stringify({ objects: envelope }).length).toBeLessThanOrEqual(400)
    expect(remote.posted.flat().map((o) => o.id)).toEqual(local.stored.map((o) => o.id))
    local.stored.push(object(99))
    const next = await pushCollection({ remote, local, state }, actor, 'tips', { batch: 5 })
    expect(next).toMatchObject({ objects: 1, succeeded: 1 })
  })
})

describe('packEnvelopes', () => {
  it('keeps order, fits the limit and sets aside objects too large alone', () => {
    const big = { ...object(5), description: 'x'.repeat(500) }
    const { envelopes, tooLarge } = packEnvelopes([object(1), object(2), big, object(3)], 300)
    expect(tooLarge).toEqual([big])
    expect(envelopes.flat()).toEqual([object(1), object(2), object(3)])
    for (const e of envelopes) expect(JSON.stringify({ objects: e }).length).toBeLessThanOrEqual(300)
  })
})
