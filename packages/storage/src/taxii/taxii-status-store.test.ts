import { buildTaxiiStatus } from '@vigil/core'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../test-support/index.js'
import { createTaxiiStatusStore } from './taxii-status-store.js'
import { createSyncStateStore } from './taxii-sync-state-store.js'

describeEachDatabase('TAXII status and sync state', (database) => {
  const detail = (n: number) => ({ id: `indicator--00000000-0000-4000-8000-00000000000${n}`, version: '2026-11-29T21:00:00.123Z' })

  it('keeps a status with its details and owner, and updates a pending one', async () => {
    const store = createTaxiiStatusStore(database().db)
    const id = '2d086da7-4bdc-4f91-900e-d77486753710'
    const at = new Date('2026-11-29T22:00:00.000Z')
    const pending = buildTaxiiStatus(id, at, { successes: [detail(1)], failures: [], pendings: [detail(2)] })
    await store.save(pending, { orgId: 'org-a', collectionId: 'c1' })
    expect(await store.find(id)).toEqual({ status: pending, owner: { orgId: 'org-a' } })
    const done = buildTaxiiStatus(id, at, {
      successes: [detail(1)],
      failures: [{ ...detail(2), message: 'invalid: /created' }],
      pendings: [],
    })
    await store.save(done, { orgId: 'org-a', collectionId: 'c1' })
    const found = await store.find(id)
    expect(found?.status).toEqual(done)
    expect(found?.status).toMatchObject({ status: 'complete', failure_count: 1, pending_count: 0 })
  })

  it('finds nothing for an unknown or malformed id', async () => {
    const store = createTaxiiStatusStore(database().db)
    expect(await store.find('8f6c5a5e-0000-4000-8000-000000000000')).toBeUndefined()
    expect(await store.find("x' or 1=1 --")).toBeUndefined()
  })

  it('keeps one cursor per direction, remote and local collection, microseconds intact', async () => {
    const state = createSyncStateStore(database().db)
    const key = { direction: 'pull', remote: 'https://r.example/taxii2/a/|c1', local: 'tips' } as const
    expect(await state.get(key)).toBeUndefined()
    await state.set(key, '2026-11-29T22:00:00.123456Z')
    await state.set({ ...key, direction: 'push' }, '42')
    expect(await state.get(key)).toBe('2026-11-29T22:00:00.123456Z')
    await state.set(key, '2026-11-29T23:00:00.000001Z')
    expect(await state.get(key)).toBe('2026-11-29T23:00:00.000001Z')
    expect(await state.get({ ...key, direction: 'push' })).toBe('42')
  })
})
