import type { NetworksFile, TriageStatus } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { VigilError } from '../shared/errors.js'
import { previewPublication, publicationAudience, publishNetworks, withoutAllowlisted } from './publish-networks.js'
import { analyst, fakeDetectDeps } from './test-support/fake-detect-deps.js'

const score = { score: 0.8, timeTightness: 0.9, density: 1, coordinatedShare: 0.5, signalAgreement: 0.5 }
const evidence = (accounts: string[], object: string) => ({
  signal: 'co-reshare' as const,
  object,
  accounts,
  posts: accounts.length,
  firstAt: '2024-01-01T00:00:00.000Z',
  lastAt: '2024-01-01T00:00:30.000Z',
})
const file: NetworksFile = {
  version: 1,
  run: {
    format: 'coortweet',
    files: ['dump.csv'],
    window: 60,
    minRepeat: 2,
    weight: 'objects',
    similarity: 0.8,
    signals: ['co-reshare'],
    rows: 10,
    posts: 10,
    accounts: 3,
    badRows: 0,
    firstBadRows: [],
    timeResolutionSeconds: 1,
    warnings: [],
  },
  edges: { 'co-reshare': 3 },
  networks: [
    {
      id: 'n1',
      members: ['op-1', 'op-2', 'paper'],
      signals: ['co-reshare'],
      edges: [
        { a: 'op-1', b: 'op-2', weight: 3, signals: { 'co-reshare': 3 } },
        { a: 'op-2', b: 'paper', weight: 2, signals: { 'co-reshare': 2 } },
      ],
      score,
      evidence: [evidence(['op-1', 'op-2', 'paper'], 'post-1'), evidence(['op-2', 'paper'], 'post-2')],
    },
  ],
}
const now = new Date('2026-12-05T12:00:00.000Z')
const actor = analyst

function deps(triage: Record<string, TriageStatus>, allowlist: string[]) {
  const { deps: d, state } = fakeDetectDeps(file, { triage, allowlist })
  return { d, stored: state.stored, recorded: state.recorded, audit: state.audit }
}
const input = { networks: ['n1'], collection: '00000000-0000-4000-8000-000000000003', tlp: 'green' as const }

describe('withoutAllowlisted', () => {
  it('takes the account out of members, edges and evidence, and drops evidence left with one account', () => {
    const n = file.networks[0]
    if (!n) throw new Error('fixture')
    const { network, leftOut } = withoutAllowlisted(n, new Set(['paper']))
    expect(leftOut).toEqual(['paper'])
    expect(network.members).toEqual(['op-1', 'op-2'])
    expect(network.edges.map((e) => `${e.a}-${e.b}`)).toEqual(['op-1-op-2'])
    expect(network.evidence.map((e) => e.accounts)).toEqual([['op-1', 'op-2']])
    expect(withoutAllowlisted(n, new Set()).network).toBe(n)
  })
})

describe('publishNetworks', () => {
  it('never shares an allowlisted account and records what it left out', async () => {
    const { d, stored, recorded } = deps({ n1: 'confirmed' }, ['paper'])
    await publishNetworks(d, actor, 'run', input, now)
    const json = JSON.stringify(stored[0]?.objects)
    expect(json).toContain('"user_id":"op-1"')
    expect(json).not.toContain('paper')
    expect(stored[0]?.tlp).toBe('green')
    expect(recorded).toEqual([[{ networkId: 'n1', leftOut: ['paper'] }]])
  })

  it('hands the store one publication with the audit event of what the exchange stored', async () => {
    const { d, audit } = deps({ n1: 'confirmed' }, ['paper'])
    const result = await publishNetworks(d, actor, 'run', input, now)
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'detect.network.publish',
        target: { type: 'detect-run', id: 'run' },
        details: { networks: ['n1'], collection: input.collection, tlp: 'green', stored: result.successCount, leftOut: 1 },
      }),
    ])
  })

  it('refuses a user whose roles do not publish, before reading anything', async () => {
    const { d, stored } = deps({ n1: 'confirmed' }, [])
    await expect(publishNetworks(d, { ...actor, roles: ['reviewer'] }, 'run', input, now)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' })
    await expect(publishNetworks(d, { kind: 'system', name: 'job' }, 'run', input, now)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' })
    expect(stored).toEqual([])
  })

  it('refuses networks no analyst confirmed, and networks the allowlist empties', async () => {
    for (const triage of [{}, { n1: 'false-positive' }] as Record<string, TriageStatus>[]) {
      const { d, stored } = deps(triage, [])
      await expect(publishNetworks(d, actor, 'run', input, now)).rejects.toMatchObject({ code: 'CONFLICT' })
      expect(stored).toEqual([])
    }
    const { d } = deps({ n1: 'taken-down' }, ['paper', 'op-1'])
    await expect(publishNetworks(d, actor, 'run', input, now)).rejects.toBeInstanceOf(VigilError)
  })

  it('previews the members, objects and readers without publishing', async () => {
    const { d, stored } = deps({ n1: 'confirmed' }, ['paper'])
    const preview = await previewPublication(d, actor, 'run', input, now)
    expect(stored).toEqual([])
    expect(preview.networks).toEqual([{ id: 'n1', members: 2, leftOut: ['paper'] }])
    expect(preview.objects).toBeGreaterThan(3)
    expect(preview.readers).toEqual({ everyone: false, orgs: ['Example Lab'], groups: [], anonymous: false })
    expect(preview.audience).toContain('Example Lab')
  })
})

describe('publicationAudience', () => {
  const open = { title: 'Open', everyone: true, orgs: [], groups: [] }
  it('says anonymous readers get CLEAR from an open collection, and never GREEN', () => {
    expect(publicationAudience('clear', open)).toMatch(/^Anyone, signed in or not/)
    expect(publicationAudience('green', open)).toContain('never anonymous')
    expect(publicationAudience('amber', open)).toContain('no other organisation')
    expect(publicationAudience('red', open)).toMatch(/^Only you/)
  })
})
