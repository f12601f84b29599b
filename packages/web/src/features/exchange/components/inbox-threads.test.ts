import { CorrelationContainer, CorrelationNotice, ObjectEntry } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { countObservables, describeContainer, describeObservable, groupNotices } from './inbox-threads.js'

const ME = '00000000-0000-4000-8000-000000000001'
const LAB = '00000000-0000-4000-8000-000000000002'
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const M1 = `user-account--${uuid(11)}`
const M2 = `observed-data--${uuid(12)}`
const L1 = `user-account--${uuid(21)}`
const [C1, C2, C3] = [uuid(31), uuid(32), uuid(33)]
const entry = (id: string, org: string): ObjectEntry =>
  ObjectEntry.parse({
    collectionId: '00000000-0000-4000-8000-0000000000c1',
    dateAdded: '2026-11-01T00:00:00.000Z',
    tlp: 'green',
    tlpSource: 'object',
    creatorOrgId: org,
    object: { id, type: 'user-account' },
  })
const entries = new Map([
  [M1, entry(M1, ME)],
  [M2, entry(M2, ME)],
  [L1, entry(L1, LAB)],
])
const notice = (id: string, objects: [string, string], observables: string[], createdAt: string): CorrelationNotice =>
  CorrelationNotice.parse({ id, objects, observables, createdAt, dismissedAt: null })

const R1 = `report--${uuid(41)}`
const G1 = `grouping--${uuid(42)}`
const report = CorrelationContainer.parse({ id: R1, type: 'report', name: 'Amplifiers', creatorOrgId: LAB, created: null })
const network = CorrelationContainer.parse({
  id: G1,
  type: 'grouping',
  name: 'Coordinated network n25 (12 accounts)',
  creatorOrgId: ME,
  created: null,
})

describe('groupNotices', () => {
  it('folds the notices of one pair of containers into one thread, dated by the newest, the reader’s objects first', () => {
    const containers = { [L1]: [report], [M1]: [network], [M2]: [network] }
    const threads = groupNotices(
      [
        notice(C1, [L1, M1], ['user-account|twitter:42'], '2026-11-02T10:00:00.000Z'),
        notice(C2, [M2, L1], ['user-account|twitter:42', 'domain-name|a.example'], '2026-11-02T10:00:01.000Z'),
        notice(C3, [M1, L1], ['user-account|twitter:7'], '2026-11-03T09:00:00.000Z'),
      ],
      containers,
      (id) => entries.get(id),
      ME,
    )
    expect(threads.map((t) => [t.otherOrg, t.day, t.theirs.id, t.mine.id, t.noticeIds])).toEqual([
      [LAB, '2026-11-03', R1, G1, [C1, C2, C3]],
    ])
    expect(threads[0]?.pairs).toEqual([
      { mine: M1, theirs: L1 },
      { mine: M2, theirs: L1 },
    ])
    expect(threads[0]?.observables).toEqual([
      { kind: 'domain', value: 'a.example' },
      { kind: 'account', value: 'twitter:42' },
      { kind: 'account', value: 'twitter:7' },
    ])
  })

  it('gives each pair of containers its own thread, and lets an object no container holds stand for itself', () => {
    const threads = groupNotices(
      [
        notice(C1, [L1, M1], ['user-account|twitter:42'], '2026-11-02T10:00:00.000Z'),
        notice(C2, [M2, L1], ['user-account|twitter:42'], '2026-11-01T10:00:00.000Z'),
      ],
      { [L1]: [report], [M1]: [network] },
      (id) => entries.get(id),
      ME,
    )
    expect(threads.map((t) => [t.theirs.id, t.mine.id, t.day])).toEqual([
      [R1, G1, '2026-11-02'],
      [R1, M2, '2026-11-01'],
    ])
  })
})

describe('describeContainer', () => {
  it('calls a published network by its id, and anything else by its kind and name', () => {
    expect(describeContainer(network)).toBe('network n25')
    expect(describeContainer(report)).toBe('report “Amplifiers”')
    expect(describeContainer({ id: M2, type: 'observed-data', name: null })).toBe('observed data')
  })
})

describe('the shared observables in words', () => {
  it('names the kind of each observable and counts them', () => {
    expect(describeObservable('url|https://a.example/x')).toEqual({ kind: 'link', value: 'https://a.example/x' })
    expect(
      countObservables([
        { kind: 'account', value: 'x' },
        { kind: 'account', value: 'y' },
        { kind: 'domain', value: 'a.example' },
      ]),
    ).toBe('2 accounts and 1 domain')
    expect(countObservables([{ kind: 'e-mail address', value: 'a@b' }])).toBe('1 e-mail address')
  })
})
