import type { Collection, OrgId, UserId } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '../audit/audit-event.js'
import { type Actor, systemActor } from '../auth/actor.js'
import { createCollection, getCollection, setCollectionGrants, updateCollection } from './collection-admin.js'
import { deleteObjectVersions } from './delete-object-versions.js'
import type { ExchangeDeps, ExistingPosting, StoredObject } from './exchange-ports.js'
import { importObjects, refusedVersions } from './import-objects.js'

const ORG_A = '6a0f2a8e-0000-4000-8000-00000000000a' as OrgId
const ORG_B = '6a0f2a8e-0000-4000-8000-00000000000b' as OrgId
const COLLECTION = '6a0f2a8e-0000-4000-8000-0000000000c1'
const analyst = (orgId: OrgId): Actor => ({
  kind: 'user',
  userId: `${orgId.slice(0, -3)}0${orgId.slice(-2)}` as UserId,
  email: 'a@example.org',
  orgId,
  orgKind: 'civil-society',
  roles: ['analyst'],
  via: 'session',
})
const campaign = (n: number, modified = '2026-12-01T00:00:00.000Z') => ({
  type: 'campaign',
  spec_version: '2.1',
  id: `campaign--6a0f2a8e-0000-4000-8000-${String(n).padStart(12, '0')}`,
  created: '2026-12-01T00:00:00.000Z',
  modified,
  name: `Campaign ${n}`,
})

/** In-memory ports: one writable collection, postings by (id, version, creator). */
function fakeDeps(canWrite = true) {
  const postings: { id: string; version: string; creator: string | null; seq: string }[] = []
  const audits: AuditEvent[] = []
  const collection = {
    id: COLLECTION,
    title: 'Taskforce',
    defaultTlp: 'amber',
    canWrite,
  } as unknown as Collection
  const deps: ExchangeDeps = {
    clock: { now: () => new Date('2026-12-05T00:00:00.000Z') },
    random: { uuid: () => COLLECTION, bytes: (n) => new Uint8Array(n) },
    collections: {
      find: async (_r, _w, only) => (only === undefined || only === COLLECTION ? [collection] : []),
      insert: async (_c, audit) => void audits.push(audit),
      replaceGrants: async (_id, _g, audit) => void audits.push(audit),
      update: async (_id, _p, audit) => void audits.push(audit),
    },
    objects: {
      read: async (_actor, filter) => ({
        objects: postings
          .filter((p) => !filter.ids || filter.ids.includes(p.id))
          .map((p) => ({ seq: p.seq, stixId: p.id, creatorOrgId: p.creator, version: new Date(p.version) }) as unknown as StoredObject),
        next: null,
      }),
      existing: async (_kind, ids) => new Set(ids),
      orgNames: async () => new Map(),
      async addVersions(_c, objects, writer, refuse, audit) {
        const existing: ExistingPosting[] = objects.flatMap((o) => {
          const first = postings.find((p) => p.id === o.object.id)
          return first
            ? [
                {
                  index: o.index,
                  firstCreatorOrgId: first.creator,
                  versionStored: postings.some((p) => p.id === o.object.id && p.version === o.version),
                },
              ]
            : []
        })
        const refused = refuse(existing)
        for (const o of objects)
          if (!refused.has(o.index))
            postings.push({ id: o.object.id, version: o.version, creator: writer.creatorOrgId, seq: String(postings.length + 1) })
        audits.push(audit(refused))
        return refused
      },
      deleteVersions: async (seqs, audit) => {
        for (const s of seqs)
          postings.splice(
            postings.findIndex((p) => p.seq === s),
            1,
          )
        audits.push(audit)
      },
      storedCount: async () => postings.length,
    },
  }
  return { deps, postings, audits }
}

describe('refusedVersions (STIX 2.1 §3.6: only an object’s creator versions it)', () => {
  const existing: ExistingPosting[] = [
    { index: 0, firstCreatorOrgId: ORG_A, versionStored: false },
    { index: 1, firstCreatorOrgId: ORG_A, versionStored: true },
    { index: 2, firstCreatorOrgId: ORG_B, versionStored: false },
    { index: 3, firstCreatorOrgId: null, versionStored: false },
  ]
  it('refuses new versions of what another organisation (or the instance) shared first, never a re-post', () => {
    expect([...refusedVersions(ORG_B, existing)].sort()).toEqual([0, 3])
  })
  it('lets the instance itself version anything', () => {
    expect(refusedVersions(null, existing).size).toBe(0)
  })
})

describe('importObjects', () => {
  it('stores a partner’s re-post but refuses its new version of another organisation’s object, and audits both in the change', async () => {
    const { deps, audits } = fakeDeps()
    expect(await importObjects(deps, analyst(ORG_A), COLLECTION, [campaign(1)])).toMatchObject({ successCount: 1, failureCount: 0 })
    const result = await importObjects(deps, analyst(ORG_B), COLLECTION, [
      campaign(1),
      campaign(1, '2026-12-02T00:00:00.000Z'),
      campaign(2),
    ])
    expect(result).toMatchObject({ total: 3, successCount: 2, failureCount: 1 })
    expect(result.failures).toEqual([
      { index: 1, id: campaign(1).id, issues: [{ path: '$.id', message: expect.stringMatching(/only it may add versions/) }] },
    ])
    expect(audits.at(-1)).toMatchObject({ action: 'exchange.objects.add', outcome: 'failure', details: { accepted: 2, refused: 1 } })
  })

  it('refuses a collection the actor may only read, and a recipient that does not exist', async () => {
    await expect(importObjects(fakeDeps(false).deps, analyst(ORG_A), COLLECTION, [campaign(1)])).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    })
    await expect(importObjects(fakeDeps().deps, analyst(ORG_A), 'elsewhere', [campaign(1)])).rejects.toMatchObject({
      code: 'EXCHANGE_COLLECTION_NOT_FOUND',
    })
    const { deps } = fakeDeps()
    const none: ExchangeDeps = { ...deps, objects: { ...deps.objects, existing: async () => new Set() } }
    await expect(importObjects(none, analyst(ORG_A), COLLECTION, [campaign(1)], { recipientOrgIds: [ORG_B] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })
})

describe('collection administration', () => {
  it('is the instance admin’s alone, each change with its audit event', async () => {
    const { deps, audits } = fakeDeps()
    const input = { title: 'Taskforce', read: { orgIds: [ORG_A] } }
    await expect(createCollection(deps, analyst(ORG_A), input)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' })
    await expect(setCollectionGrants(deps, analyst(ORG_A), COLLECTION, { read: { everyone: true } })).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    })
    await expect(updateCollection(deps, analyst(ORG_A), COLLECTION, { title: 'x' })).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' })
    expect(audits).toEqual([])
    const admin = systemActor('test-admin')
    await createCollection(deps, admin, input)
    await setCollectionGrants(deps, admin, COLLECTION, { read: { everyone: true } })
    await updateCollection(deps, admin, COLLECTION, { title: 'Renamed' })
    expect(audits.map((a) => a.action)).toEqual(['exchange.collection.create', 'exchange.collection.grants', 'exchange.collection.update'])
    expect(audits[2]?.details).toEqual({ title: { before: 'Taskforce', after: 'Renamed' } })
  })

  it('answers an absent collection and a hidden one alike', async () => {
    await expect(getCollection(fakeDeps().deps, analyst(ORG_A), 'hidden')).rejects.toMatchObject({
      code: 'EXCHANGE_COLLECTION_NOT_FOUND',
      message: "no collection 'hidden'",
    })
  })
})

describe('deleteObjectVersions', () => {
  it('lets an organisation delete only the versions it added', async () => {
    const { deps, postings } = fakeDeps()
    await importObjects(deps, analyst(ORG_A), COLLECTION, [campaign(1)])
    await expect(deleteObjectVersions(deps, analyst(ORG_B), COLLECTION, campaign(1).id, 'all')).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    })
    expect(await deleteObjectVersions(deps, analyst(ORG_A), COLLECTION, campaign(1).id, 'all')).toBe(1)
    expect(postings).toEqual([])
  })
})
