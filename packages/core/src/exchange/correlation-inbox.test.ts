import type { CorrelationNotice, StixObject } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { systemActor } from '../auth/actor.js'
import { containersOf, listCorrelations } from './correlation-inbox.js'
import type { CorrelationIndex } from './correlation-ports.js'
import type { StoredObject } from './exchange-ports.js'

const LAB = '6a0f2a8e-0000-4000-8000-00000000000a'
const ME = '6a0f2a8e-0000-4000-8000-00000000000b'
const at = '2026-12-01T10:00:00.000Z'

function stored(object: StixObject, creatorOrgId: string | null): StoredObject {
  return {
    seq: '1',
    collectionId: 'c',
    stixId: object.id,
    type: object.type,
    version: new Date(at),
    dateAdded: at,
    tlp: 'green',
    tlpSource: 'object',
    creatorOrgId,
    revoked: false,
    object,
  }
}

const evidence = stored({ type: 'observed-data', id: 'observed-data--1', created: at, object_refs: ['user-account--1'] }, ME)
const network = stored(
  { type: 'grouping', id: 'grouping--1', created: at, name: 'Coordinated network n25', object_refs: [evidence.stixId] },
  ME,
)
const theirReport = stored({ type: 'report', id: 'report--1', created: at, name: 'Amplifiers', object_refs: ['indicator--1'] }, LAB)
const theirIndicator = stored({ type: 'indicator', id: 'indicator--1', created: at, name: 'Amplifier domain' }, LAB)
const lonely = stored({ type: 'indicator', id: 'indicator--2', created: at, name: 'Alone' }, LAB)

describe('containersOf', () => {
  it('names a report or grouping as its own container, and anything else by the reports and groupings holding it', () => {
    const c = containersOf(
      [evidence.stixId, network.stixId, theirIndicator.stixId],
      [evidence, network, theirIndicator],
      [network, theirReport, network],
    )
    expect(c[evidence.stixId]).toEqual([
      { id: 'grouping--1', type: 'grouping', name: 'Coordinated network n25', creatorOrgId: ME, created: at },
    ])
    expect(c[network.stixId]?.map((x) => x.id)).toEqual(['grouping--1'])
    expect(c[theirIndicator.stixId]).toEqual([{ id: 'report--1', type: 'report', name: 'Amplifiers', creatorOrgId: LAB, created: at }])
  })

  it('lets an object no visible container holds stand alone, and names nothing it was not given', () => {
    const c = containersOf([lonely.stixId, 'indicator--hidden'], [lonely], [])
    expect(c[lonely.stixId]?.map((x) => x.id)).toEqual(['indicator--2'])
    expect(c['indicator--hidden']).toEqual([])
  })
})

// An index with nothing new: correlation itself is tested on both databases in storage.
const noVersions: CorrelationIndex = {
  versions: [],
  addKeys: async () => {},
  scoKeys: async () => new Map(),
  subjectsSharing: async () => [],
  organisations: async () => [],
  visible: async () => new Set(),
  raise: async () => {},
}

describe('listCorrelations', () => {
  it('indexes first, then reads the notices’ objects and their holders as the actor', async () => {
    const calls: string[] = []
    const notice: CorrelationNotice = {
      id: '6a0f2a8e-0000-4000-8000-0000000000ff' as CorrelationNotice['id'],
      objects: [evidence.stixId as never, theirIndicator.stixId as never],
      observables: ['domain-name|a.example'],
      createdAt: at,
      dismissedAt: null,
    }
    const result = await listCorrelations(
      {
        correlations: {
          indexBatch: async (_limit, index) => {
            calls.push('index')
            return { processed: 0, result: await index(noVersions) }
          },
          listNotices: async () => {
            calls.push('list')
            return [notice]
          },
          dismiss: async () => undefined,
        },
        objects: {
          read: async (_actor, filter) => ({ objects: filter.ids ? [evidence, theirIndicator] : [network, theirReport], next: null }),
        },
        clock: { now: () => new Date(at) },
        random: { uuid: () => notice.id, bytes: (n) => new Uint8Array(n) },
      },
      systemActor('test'),
      {},
    )
    expect(calls).toEqual(['index', 'list'])
    expect(Object.fromEntries(Object.entries(result.containers).map(([k, v]) => [k, v.map((x) => x.id)]))).toEqual({
      [evidence.stixId]: ['grouping--1'],
      [theirIndicator.stixId]: ['report--1'],
    })
  })
})
