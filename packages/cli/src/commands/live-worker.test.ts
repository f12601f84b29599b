import { randomUUID } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LiveFeedInput, type LivePost, type OrgId } from '@vigil/contracts'
import { loadConfig, partitionOfKey } from '@vigil/core'
import {
  connectNats,
  createLiveFeedStore,
  deleteLiveFeedStreams,
  openConfiguredDatabase,
  openPostStream,
  postStreamOf,
} from '@vigil/storage'
import { createMigratedDataDir, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureIo } from '../test-support/capture-io.js'
import { liveExport } from './live-export.js'
import { liveStatus } from './live-feed.js'
import { liveWorker } from './live-worker.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

const post = (account: string, id: string, seconds: number, url: string): LivePost => ({
  account,
  post: id,
  time: 1_700_000_000_000 + seconds * 1000,
  reshare: false,
  texts: [],
  reshared: [],
  replyTo: [],
  urls: [url],
  domains: [],
  hashtags: [],
  mentions: [],
  images: [],
})

describe('vigil live worker --drain and vigil live export (real NATS, embedded store)', () => {
  let dir = ''
  let user: SeededUser
  const feed = `cli-${randomUUID().slice(0, 8)}`
  let input: LiveFeedInput
  const out = join(tmpdir(), `vigil-live-export-${randomUUID()}`)

  beforeAll(async () => {
    dir = await createMigratedDataDir('vigil-live-')
    const database = await openConfiguredDatabase(loadConfig({ VIGIL_DATA_DIR: dir }))
    try {
      user = await seedUser(testAuthDeps(database), { roles: ['analyst'] })
      input = LiveFeedInput.parse({ name: feed, params: { signals: ['co-link'], window: 60, minRepeat: 2 }, partitions: 4 })
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
    await rm(out, { recursive: true, force: true })
  })

  it('drains the feed past a message that is not a batch, and exports what vigil detect writes', async () => {
    const linkPartition = partitionOfKey('co-link', 'https://x.org/1', 4)
    const nc = await connectNats(NATS_URL)
    const stream = await openPostStream(nc, user.org.id as OrgId, input)
    // a and b share two links within the window (an edge of weight 2); c shares one, too late for a second.
    // d's post at 1,000 s moves the watermark of link 1's partition past e's at 30 s: e is late, not joined.
    await stream.publish([
      post('a', '1', 0, 'https://x.org/1'),
      post('b', '2', 10, 'https://x.org/1'),
      post('c', '3', 20, 'https://x.org/1'),
      post('d', '7', 1000, 'https://x.org/1'),
    ])
    // Published on the partition's subject by hand, between d's post (held in the window) and the next batch.
    nc.publish(postStreamOf(user.org.id as OrgId, feed).partitionSubject(linkPartition), 'not a batch')
    await nc.flush()
    await stream.publish([
      post('e', '8', 30, 'https://x.org/1'),
      post('a', '4', 100, 'https://x.org/2'),
      post('b', '5', 130, 'https://x.org/2'),
      post('c', '6', 400, 'https://x.org/2'),
    ])
    const io = captureIo({ VIGIL_DATA_DIR: dir, VIGIL_NATS_URL: NATS_URL })
    expect(await liveWorker(io, { feed, org: user.org.name, drain: true })).toBe(0)
    expect(io.out()).toContain(`feed ${feed}: 8 keys processed, 1 late (behind the 60 s lateness, not joined), 1 messages rejected`)
    expect(io.err()).toMatch(/^rejected: partition \d, stream message \d+: a live stream message is not JSON \(skipped\)$/m)
    // A new owner rebuilds link 1's window from d's message, through the rejected one, without counting it again.
    await stream.publish([post('d', '9', 1005, 'https://x.org/1')])
    await nc.close()
    const again = captureIo({ VIGIL_DATA_DIR: dir, VIGIL_NATS_URL: NATS_URL })
    expect(await liveWorker(again, { feed, org: user.org.name, drain: true })).toBe(0)
    expect(again.out()).toContain(`feed ${feed}: 9 keys processed, 1 late (behind the 60 s lateness, not joined), 1 messages rejected`)
    expect(again.err()).not.toContain('rejected:')
    const id = /^live worker (\S+) on feed/m.exec(again.err())?.[1]
    const status = captureIo({ VIGIL_DATA_DIR: dir, VIGIL_NATS_URL: NATS_URL })
    expect(await liveStatus(status, { feed, as: user.user.email })).toBe(0)
    expect(status.out()).toContain('Workers: none alive.\nAggregator: none (no networks are recomputed, no alert is raised).\n')
    expect(status.out()).toMatch(
      new RegExp(`^  ${linkPartition}: lag \\d+ messages, held by none, committed to \\d+ by ${id}, 1 late, 1 rejected$`, 'm'),
    )
    const exported = captureIo({ VIGIL_DATA_DIR: dir })
    expect(await liveExport(exported, { feed, org: user.org.id, out })).toBe(0)
    expect(await readFile(join(out, 'edges', 'co-link.csv'), 'utf8')).toBe('account_a,account_b,weight\na,b,2\n')
    const networks = JSON.parse(await readFile(join(out, 'networks.json'), 'utf8'))
    expect(networks.networks.map((n: { members: string[] }) => n.members)).toEqual([['a', 'b']])
    expect(await readFile(join(out, 'accounts.csv'), 'utf8')).toMatch(
      /^account,network,score,signals,posts,coordinated_posts\na,n1,[\d.]+,co-link,2,2\n/,
    )
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<html')
  }, 120_000)

  it('splits the work by --role: partitions store pairs and raise nothing, an aggregator of its own raises the alert', async () => {
    const nc = await connectNats(NATS_URL)
    const stream = await openPostStream(nc, user.org.id as OrgId, input)
    // f, g and h share two links within seconds: a network of three, past the default rule's size.
    await stream.publish(
      ['f', 'g', 'h'].flatMap((a, i) => [post(a, `${a}5`, 1010 + i, 'https://x.org/5'), post(a, `${a}6`, 1020 + i, 'https://x.org/6')]),
    )
    await nc.close()
    const partitions = captureIo({ VIGIL_DATA_DIR: dir, VIGIL_NATS_URL: NATS_URL })
    expect(await liveWorker(partitions, { feed, org: user.org.name, drain: true, role: 'partitions' })).toBe(0)
    expect(partitions.err()).toMatch(/^live worker \S+ on feed \S+ \(4 partitions; role partitions\)$/m)
    expect(partitions.err()).not.toContain('alert:')
    const aggregator = captureIo({ VIGIL_DATA_DIR: dir, VIGIL_NATS_URL: NATS_URL })
    expect(await liveWorker(aggregator, { feed, org: user.org.name, drain: true, role: 'aggregator' })).toBe(0)
    expect(aggregator.err()).toMatch(/^alert: new network n\d+, 3 accounts \(3 added\)$/m)
    await expect(liveWorker(captureIo({ VIGIL_DATA_DIR: dir }), { feed, org: user.org.name, role: 'boss' })).rejects.toThrow(
      '--role must be one of all, partitions, aggregator',
    )
  }, 120_000)
})
