import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { Disclosure, LiveFeedInput, LiveNetwork, type LivePost, type OrgId } from '@vigil/contracts'
import { loadConfig } from '@vigil/core'
import {
  connectNats,
  createLiveFeedStore,
  deleteLiveFeedStreams,
  handleNetworksUpdated,
  liveDetection,
  openConfiguredDatabase,
  openPostStream,
} from '@vigil/storage'
import { createMigratedDataDir, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
const RING = ['ring_alpha', 'ring_bravo', 'ring_charlie']

const post = (account: string, id: string, seconds: number, url: string): LivePost => ({
  account,
  post: id,
  time: 1_700_000_000_000 + seconds * 1000,
  reshare: false,
  texts: [`read this ${id}`],
  reshared: [],
  replyTo: [],
  urls: [url],
  domains: [],
  hashtags: [],
  mentions: [],
  images: [],
})

describe('vigil disclose confirm-live, then create --feed (real NATS, embedded store)', () => {
  let dir = ''
  let user: SeededUser
  const feed = `cli-${randomUUID().slice(0, 8)}`
  const input = LiveFeedInput.parse({ name: feed, params: { signals: ['co-link'], window: 60, minRepeat: 2 }, partitions: 2 })
  const vigil = async (argv: string[]) => {
    const io = captureIo({ VIGIL_DATA_DIR: dir, VIGIL_NATS_URL: NATS_URL })
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }

  beforeAll(async () => {
    dir = await createMigratedDataDir('vigil-disclose-live-')
    const database = await openConfiguredDatabase(loadConfig({ VIGIL_DATA_DIR: dir }))
    try {
      user = await seedUser(testAuthDeps(database), { roles: ['analyst'] })
      await createLiveFeedStore(database.db).create(user.actor as typeof user.actor & { kind: 'user' }, input, new Date())
    } finally {
      await database.close()
    }
  }, 60_000)

  afterAll(async () => {
    const nc = await connectNats(NATS_URL)
    await deleteLiveFeedStreams(nc, user.org.id as OrgId, feed)
    await nc.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('confirms the network an alert raised and drafts its disclosure with its posts', async () => {
    const nc = await connectNats(NATS_URL)
    // Three accounts share two links within seconds: one network of three, which raises an alert.
    await (await openPostStream(nc, user.org.id as OrgId, input)).publish([
      ...RING.map((a, i) => post(a, `p1${i}`, i * 5, 'https://x.org/1')),
      ...RING.map((a, i) => post(a, `p2${i}`, 100 + i * 5, 'https://x.org/2')),
      post('loner', 'p9', 900, 'https://x.org/9'),
    ])
    await nc.close()
    const worker = await vigil(['live', 'worker', '--feed', feed, '--org', user.org.name, '--drain'])
    expect(worker.code, worker.err).toBe(0)
    // What the worker's aggregator does every round (a drain may stop before its next one).
    const database = await openConfiguredDatabase(loadConfig({ VIGIL_DATA_DIR: dir }))
    const orgId = user.org.id as OrgId
    const { params } = await createLiveFeedStore(database.db).get(orgId, feed)
    const networks = (await liveDetection(database.db, orgId, feed, params)).networks.networks
    const [raised] = await handleNetworksUpdated({ db: database.db }, { orgId, name: feed }, networks)
    await database.close()
    const alertId = raised?.id ?? 0

    const unknown = await vigil(['disclose', 'confirm-live', '--feed', feed, '--alert', '999999', '--as', user.user.email])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/no alert 999999/)
    const confirmed = await vigil([
      'disclose',
      'confirm-live',
      '--feed',
      feed,
      '--alert',
      String(alertId),
      '--as',
      user.user.email,
      '--json',
    ])
    expect(confirmed.err).toBe('')
    const network = LiveNetwork.parse(JSON.parse(confirmed.out))
    expect(network).toMatchObject({ feed, posts: 6, network: { members: RING } })

    const created = await vigil([
      'disclose',
      'create',
      '--feed',
      feed,
      '--network',
      network.id,
      '--title',
      'Ring of three, live',
      '--as',
      user.user.email,
      '--json',
    ])
    expect(created.err).toBe('')
    const d = Disclosure.parse(JSON.parse(created.out))
    expect(d).toMatchObject({ source: { kind: 'live', feed, networks: [network.id] }, evidence: { accounts: 3, posts: 6 } })
    expect(d.evidence.topLinks.map((l) => l.value).sort()).toEqual(['https://x.org/1', 'https://x.org/2'])
  }, 120_000)
})
