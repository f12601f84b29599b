import type { DetectedNetwork, NetworksFile } from '@vigil/contracts'
import { DetectParams } from '@vigil/contracts'
import { type Actor, allowAccount, isVigilError, triageNetwork } from '@vigil/core'
import { beforeAll, expect, it } from 'vitest'
import { type SeededUser, seedUser, testAuthDeps } from '../test-support/auth-fixtures.js'
import { describeEachDatabase } from '../test-support/index.js'
import { createDetectReads, type DetectReads } from './detect-run-reads.js'
import { createDetectRunStore, type DetectRunStore } from './detect-run-store.js'
import { createDetectStore } from './detect-store.js'
import type { Detection } from './run-detection.js'

const at = '2026-11-01T10:00:00.000Z'
const network = (id: string, score: number, members: string[]): DetectedNetwork => ({
  id,
  members,
  signals: ['co-link'],
  edges: [{ a: members[0] as string, b: members[1] as string, weight: 3, signals: { 'co-link': 3 } }],
  score: { score, timeTightness: 1, density: 1, coordinatedShare: 1, signalAgreement: 1 },
  evidence: [{ signal: 'co-link', object: 'https://example.org/a', accounts: members, posts: 2, firstAt: at, lastAt: at }],
})
const file: NetworksFile = {
  version: 1,
  run: {
    format: 'coortweet',
    files: ['a.csv'],
    window: 60,
    minRepeat: 2,
    weight: 'objects',
    similarity: 0.8,
    signals: ['co-link'],
    rows: 10,
    posts: 10,
    accounts: 4,
    badRows: 0,
    firstBadRows: [],
    timeResolutionSeconds: 1,
    warnings: [],
  },
  edges: { 'co-link': 2 },
  networks: [network('n1', 0.9, ['a1', 'a2']), network('n2', 0.5, ['b1', 'b2'])],
}
const detection: Detection = {
  networks: file,
  edges: [],
  activity: new Map([
    ['a1', { posts: 5, coordinatedPosts: 3 }],
    ['a2', { posts: 4, coordinatedPosts: 3 }],
  ]),
}
const sha = 'a'.repeat(64)

function user(seeded: SeededUser): Extract<Actor, { kind: 'user' }> {
  if (seeded.actor.kind !== 'user') throw new Error('a seeded user acts as a user')
  return seeded.actor
}

function notFound(p: Promise<unknown>) {
  return expect(p.catch((e) => (isVigilError(e, 'NOT_FOUND') ? 'not found' : e))).resolves.toBe('not found')
}

describeEachDatabase('detection run store', (database) => {
  const decisions = (now: Date) => ({ store: createDetectStore(database().db, '', { now: () => now }), clock: { now: () => now } })
  let store: DetectRunStore
  let reads: DetectReads
  let analyst: SeededUser
  let other: SeededUser
  let runId: string

  beforeAll(async () => {
    store = createDetectRunStore(database().db)
    reads = createDetectReads(database().db)
    const identity = testAuthDeps(database())
    analyst = await seedUser(identity, { roles: ['analyst'] })
    other = await seedUser(identity, { roles: ['analyst'] })
    runId = crypto.randomUUID()
    await store.createRun({
      id: runId,
      orgId: analyst.org.id,
      createdBy: analyst.user.id,
      files: [{ name: 'a.csv', size: 10, sha256: sha }],
      params: DetectParams.parse({}),
      now: new Date(at),
    })
  })

  it('claims a run, writes its results in one go and replaces nothing twice', async () => {
    expect(await store.claimRun(runId, 'w1', new Date())).toBe(true)
    // A worker that lost the run writes nothing.
    expect(await store.completeRun(runId, 'w2', detection, new Date())).toBe(false)
    expect(await store.completeRun(runId, 'w1', detection, new Date())).toBe(true)
    expect(await store.completeRun(runId, 'w1', detection, new Date())).toBe(false)
    expect(await store.claimRun(runId, 'w1', new Date())).toBe(false)
    const run = await reads.getRun(user(analyst), runId)
    expect(run).toMatchObject({
      status: 'completed',
      stage: 'done',
      createdBy: analyst.user.email,
      summary: { networks: 2, flaggedAccounts: 4 },
    })
    const networks = await reads.listNetworks(user(analyst), runId)
    expect(networks.map((n) => [n.id, n.members])).toEqual([
      ['n1', 2],
      ['n2', 2],
    ])
    const graph = await reads.graph(user(analyst), runId, 1)
    expect(graph).toMatchObject({ truncated: true, edges: [{ signal: 'co-link', weight: 3 }] })
    expect(graph.nodes).toHaveLength(2)
  })

  it('keeps the triage history and marks allowlisted members', async () => {
    await triageNetwork(decisions(new Date('2026-11-02T00:00:00Z')), user(analyst), runId, 'n1', { status: 'confirmed', note: 'first' })
    await triageNetwork(decisions(new Date('2026-11-03T00:00:00Z')), user(analyst), runId, 'n1', { status: 'taken-down', note: 'gone' })
    await allowAccount(decisions(new Date()), user(analyst), 'a1', 'official')
    const detail = await reads.getNetwork(user(analyst), runId, 'n1')
    expect(detail.triage.map((t) => t.status)).toEqual(['taken-down', 'confirmed'])
    expect(detail.members).toEqual([
      { account: 'a1', posts: 5, coordinatedPosts: 3, allowlisted: true },
      { account: 'a2', posts: 4, coordinatedPosts: 3, allowlisted: false },
    ])
    expect(detail.techniques.map((t) => t.disarmId)).toEqual(['T0119'])
    expect((await reads.listNetworks(user(analyst), runId))[0]?.triage?.status).toBe('taken-down')
    expect([...(await reads.allowlistedAccounts(user(analyst)))]).toEqual(['a1'])
    expect(await reads.allowlistedAccounts(user(other))).toEqual(new Set())
  })

  it('never shows a run to another organisation', async () => {
    expect(await reads.listRuns(user(other))).toEqual([])
    expect((await reads.listRuns(user(analyst))).map((r) => r.id)).toEqual([runId])
    await notFound(reads.getRun(user(other), runId))
    await notFound(reads.listNetworks(user(other), runId))
    await notFound(reads.getNetwork(user(other), runId, 'n1'))
    await notFound(reads.graph(user(other), runId, 10))
    await notFound(reads.networksFile(user(other), runId, ['n1']))
    await notFound(triageNetwork(decisions(new Date()), user(other), runId, 'n1', { status: 'confirmed', note: '' }))
  })

  it('finds the runs of dead workers only', async () => {
    const id = crypto.randomUUID()
    await store.createRun({
      id,
      orgId: analyst.org.id,
      createdBy: analyst.user.id,
      files: [],
      params: DetectParams.parse({}),
      now: new Date(),
    })
    await store.claimRun(id, 'dead', new Date('2026-01-01T00:00:00Z'))
    expect(await store.orphanedRuns('live', new Date('2025-12-31T00:00:00Z'))).toEqual([])
    expect(await store.orphanedRuns('dead', new Date('2026-01-02T00:00:00Z'))).toEqual([])
    expect(await store.orphanedRuns('live', new Date('2026-01-02T00:00:00Z'))).toEqual([{ id, workerId: 'dead' }])
    await store.failRun(id, 'worker died', false, new Date(), 'other')
    expect((await reads.getRun(user(analyst), id)).status).toBe('running')
    await store.failRun(id, 'worker died', false, new Date(), 'dead')
    expect((await reads.getRun(user(analyst), id)).status).toBe('queued')
  })

  it('names the dumps that queued and running runs still read, and no others', async () => {
    const waiting = 'b'.repeat(64)
    const id = crypto.randomUUID()
    await store.createRun({
      id,
      orgId: other.org.id,
      createdBy: other.user.id,
      files: [{ name: 'b.csv.gz', size: 5, sha256: waiting }],
      params: DetectParams.parse({}),
      now: new Date(),
    })
    // The first run (sha) has completed.
    expect(await store.dumpsInUse()).toEqual(new Set([waiting]))
    await store.claimRun(id, 'w', new Date())
    expect(await store.dumpsInUse()).toEqual(new Set([waiting]))
    await store.failRun(id, 'unreadable', true, new Date(), 'w')
    expect(await store.dumpsInUse()).toEqual(new Set())
  })
})
