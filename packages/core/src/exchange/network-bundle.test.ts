import type { NetworksFile } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { checkStixObject } from './check-stix-object.js'
import { buildNetworkBundle } from './network-bundle.js'
import { scoId } from './sco-id.js'
import { TLP2_MARKING_IDS } from './tlp.js'

const score = { score: 0.8, timeTightness: 0.9, density: 1, coordinatedShare: 0.5, signalAgreement: 0.5 }
const file: NetworksFile = {
  version: 1,
  run: {
    format: 'x-io-archive',
    files: ['dump.csv'],
    window: 60,
    minRepeat: 2,
    weight: 'objects',
    similarity: 0.8,
    signals: ['co-reshare', 'co-link', 'co-domain'],
    rows: 10,
    posts: 10,
    accounts: 3,
    badRows: 0,
    firstBadRows: [],
    timeResolutionSeconds: 1,
    warnings: [],
  },
  edges: { 'co-reshare': 1, 'co-link': 1 },
  networks: [
    {
      id: 'n1',
      members: ['alice', 'bob', 'carol'],
      signals: ['co-reshare', 'co-link', 'co-domain'],
      edges: [
        { a: 'alice', b: 'bob', weight: 3, signals: { 'co-reshare': 2, 'co-link': 1 } },
        { a: 'bob', b: 'carol', weight: 2, signals: { 'co-domain': 2 } },
      ],
      score,
      evidence: [
        {
          signal: 'co-reshare',
          object: '12345',
          accounts: ['alice', 'bob'],
          posts: 4,
          firstAt: '2024-01-01T00:00:00.000Z',
          lastAt: '2024-01-01T00:00:30.000Z',
        },
        {
          signal: 'co-link',
          object: 'https://news.example/a',
          accounts: ['alice', 'bob'],
          posts: 2,
          firstAt: '2024-01-01T00:01:00.000Z',
          lastAt: '2024-01-01T00:01:10.000Z',
        },
        {
          signal: 'co-domain',
          object: 'other.example',
          accounts: ['bob', 'carol'],
          posts: 2,
          firstAt: '2024-01-01T00:02:00.000Z',
          lastAt: '2024-01-01T00:02:10.000Z',
        },
      ],
    },
  ],
}
const now = new Date('2026-11-29T22:00:00.000Z')

describe('buildNetworkBundle', () => {
  const bundle = buildNetworkBundle(file, { now })
  const ofType = (type: string) => bundle.objects.filter((o) => o.type === type)

  it('writes only objects the exchange accepts (schema and SCO UUIDv5 ids)', () => {
    for (const o of bundle.objects) expect(checkStixObject(o), o.id).toMatchObject({ ok: true })
    // Vigil itself always gives SCOs their deterministic id, though it accepts random ones.
    const scos = bundle.objects.filter((o) => scoId(o) !== undefined)
    expect(scos.length).toBeGreaterThan(0)
    for (const o of scos) expect(o.id).toBe(scoId(o))
  })

  it('marks everything AMBER by default and includes the marking definition', () => {
    expect(bundle.objects[0]).toMatchObject({ type: 'marking-definition', id: TLP2_MARKING_IDS.amber, name: 'TLP:AMBER' })
    for (const o of bundle.objects.slice(1)) expect(o.object_marking_refs).toEqual([TLP2_MARKING_IDS.amber])
    const red = buildNetworkBundle(file, { now, tlp: 'red' })
    expect(red.objects.slice(1).every((o) => o.object_marking_refs?.[0] === TLP2_MARKING_IDS.red)).toBe(true)
  })

  it('writes a grouping per network holding its accounts, observables and evidence', () => {
    const [grouping] = ofType('grouping')
    expect(ofType('user-account').map((a) => [a.account_type, a.user_id])).toEqual([
      ['twitter', 'alice'],
      ['twitter', 'bob'],
      ['twitter', 'carol'],
    ])
    expect(ofType('url').map((u) => u.value)).toEqual(['https://news.example/a'])
    expect(
      ofType('domain-name')
        .map((d) => d.value)
        .sort(),
    ).toEqual(['news.example', 'other.example'])
    expect(ofType('observed-data').map((o) => [o.x_vigil_signal, o.number_observed])).toEqual([
      ['co-reshare', 4],
      ['co-link', 2],
      ['co-domain', 2],
    ])
    const everythingElse = bundle.objects.filter((o) => o.type !== 'grouping' && o.type !== 'marking-definition').map((o) => o.id)
    expect(new Set(grouping?.object_refs as string[])).toEqual(new Set(everythingElse))
  })

  it('proposes DISARM techniques as uses relationships to the framework ids, one per technique', () => {
    const uses = ofType('relationship').filter((r) => r.relationship_type === 'uses')
    expect(uses.map((r) => r.target_ref).sort()).toEqual([
      'attack-pattern--872f0dc3-202e-4e9a-a4fc-0457252aecae', // T0119 from co-link
      'attack-pattern--e6ab2793-a059-4354-bb60-045afb019833', // T0049.003 from co-reshare
    ])
    expect(uses.every((r) => r.confidence === 50 && r.x_vigil_proposed === true)).toBe(true)
    expect(ofType('relationship').filter((r) => r.relationship_type === 'related-to')).toHaveLength(2)
  })

  it('gives the same ids on a rerun and new versions by the time', () => {
    const again = buildNetworkBundle(file, { now: new Date('2026-12-01T00:00:00.000Z') })
    expect(again.objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id))
    expect(again.objects[1]?.modified).not.toBe(bundle.objects[1]?.modified)
  })

  it('leaves the platform out for generic input unless given', () => {
    const generic = { ...file, run: { ...file.run, format: 'generic' as const } }
    expect(buildNetworkBundle(generic, { now }).objects.find((o) => o.type === 'user-account')?.account_type).toBeUndefined()
    expect(buildNetworkBundle(generic, { now, platform: 'Telegram' }).objects.find((o) => o.type === 'user-account')?.account_type).toBe(
      'telegram',
    )
  })
})
