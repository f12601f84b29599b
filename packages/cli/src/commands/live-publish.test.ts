import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LivePost, OrgId } from '@vigil/contracts'
import { connectNats, deletePostStream, readPostStream } from '@vigil/storage'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'
import { paceOf, publishDump } from './live-publish.js'

const NATS_URL = process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

// A CooRTweet-format dump: 1,200 shares of 40 objects by 30 accounts, one second apart.
const dumpText = [
  'object_id,account_id,content_id,timestamp_share',
  ...Array.from({ length: 1200 }, (_, i) => `obj${i % 40},acc${i % 30},c${i},${1_700_000_000 + i}`),
].join('\n')

describe('vigil live publish', () => {
  let dir = ''
  let dataDir = ''
  let dump = ''
  let orgId = ''
  const feed = `pub-${Date.now().toString(36)}`
  const vigil = async (argv: string[]) => {
    const io = captureIo({ VIGIL_DATA_DIR: dataDir, VIGIL_NATS_URL: NATS_URL })
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-live-publish-'))
    dump = join(dir, 'shares.csv')
    await writeFile(dump, dumpText)
    dataDir = await createMigratedDataDir('vigil-live-publish-')
    orgId = JSON.parse((await vigil(['admin', 'org', 'create', '--name', 'Lab', '--kind', 'platform', '--json'])).out).id
    await vigil(['admin', 'user', 'create', '--org', 'Lab', '--email', 'ana@lab.example', '--role', 'analyst'])
    await vigil(['admin', 'user', 'create', '--org', 'Lab', '--email', 'rev@lab.example', '--role', 'reviewer'])
    expect((await vigil(['live', 'feed', 'create', feed, '--as', 'ana@lab.example'])).code).toBe(0)
  }, 300_000)
  afterAll(async () => {
    const nc = await connectNats(NATS_URL)
    await deletePostStream(nc, orgId as OrgId, feed)
    await nc.close()
    await rm(dir, { recursive: true, force: true })
    await rm(dataDir, { recursive: true, force: true })
  })

  it('replays a dump into the feed as batch reads it, and a second replay is stored once', async () => {
    const first = await vigil(['live', 'publish', dump, '--feed', feed, '--as', 'ana@lab.example', '--json'])
    expect(first.code, first.err).toBe(0)
    expect(JSON.parse(first.out)).toMatchObject({ feed, posts: 1200, stored: 1200, duplicates: 0, bad: 0 })
    expect(first.err).toMatch(/^publish: 1200 posts \(1200 stored, 0 duplicates, 0 bad records\), \d+ posts\/s in [\d.]+ s\n$/m)
    const again = await vigil(['live', 'publish', dump, '--feed', feed, '--as', 'ana@lab.example', '--json'])
    expect(JSON.parse(again.out)).toMatchObject({ posts: 1200, stored: 0, duplicates: 1200 })

    const nc = await connectNats(NATS_URL)
    const posts = await readPostStream(nc, orgId as OrgId, feed)
    await nc.close()
    expect(posts).toHaveLength(1200)
    expect(posts[0]).toMatchObject({ account: 'acc0', post: 'c0', time: 1_700_000_000_000, reshare: true, reshared: ['obj0'] })
    expect(posts.map((p) => p.post)).toEqual(Array.from({ length: 1200 }, (_, i) => `c${i}`))

    const status = await vigil(['live', 'status', '--feed', feed, '--as', 'ana@lab.example', '--json'])
    const parsed = JSON.parse(status.out)
    expect(parsed).toMatchObject({ feed, partitions: 16, stream: { exists: true }, consumers: [], alerts: 0 })
    // 1,200 posts in batches of at most 2,000 cut within the reader's chunks, each a message per partition it reaches.
    expect(parsed.stream.messages).toBeGreaterThanOrEqual(16)
    expect(parsed.stream.messages).toBeLessThanOrEqual(48)
    const human = await vigil(['live', 'status', '--feed', feed, '--as', 'ana@lab.example'])
    expect(human.out).toContain(
      'Workers: none alive.\nAggregator: none (no networks are recomputed, no alert is raised).\nPartitions: no worker.\n',
    )
  }, 300_000)

  it('refuses a user without live:ingest, an unknown feed, and both paces at once', async () => {
    expect((await vigil(['live', 'publish', dump, '--feed', feed, '--as', 'rev@lab.example'])).err).toBe(
      'vigil: --as: rev@lab.example lacks live:ingest\n',
    )
    expect((await vigil(['live', 'publish', dump, '--feed', 'nope', '--as', 'ana@lab.example'])).err).toBe("vigil: no live feed 'nope'\n")
    expect((await vigil(['live', 'publish', dump, '--feed', feed, '--as', 'ana@lab.example', '--rate', '5', '--speed', '2'])).err).toBe(
      'vigil: give --speed or --rate, not both\n',
    )
  }, 300_000)

  it('paces by the dump clock or a rate, delivering every post once and in order', async () => {
    for (const pace of [paceOf({ speed: '600' }), paceOf({ rate: '20000' })]) {
      const seen: LivePost[] = []
      const summary = await publishDump(
        [dump],
        async (posts) => {
          seen.push(...posts)
          return { stored: posts.length, duplicates: 0 }
        },
        { pace },
      )
      expect(summary).toMatchObject({ posts: 1200, stored: 1200, duplicates: 0, bad: 0 })
      expect(seen.map((p) => p.post)).toEqual(Array.from({ length: 1200 }, (_, i) => `c${i}`))
    }
    expect(() => paceOf({ speed: '0' })).toThrow('--speed must be a number > 0')
    expect(() => paceOf({ rate: 'fast' })).toThrow('--rate must be a number of posts per second > 0')
  })
})
