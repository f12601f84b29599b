import { rm } from 'node:fs/promises'
import { LiveFeed, LiveFeedList } from '@vigil/contracts'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

describe('vigil live feed', async () => {
  const dataDir = await createMigratedDataDir('vigil-live-feed-')
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const vigil = async (argv: string[]) => {
    const io = captureIo({ VIGIL_DATA_DIR: dataDir })
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }
  const as = ['--as', 'ana@lab.example']

  it("creates a feed with `vigil detect`'s parameters, lists it to its organisation only and deletes it", async () => {
    await vigil(['admin', 'org', 'create', '--name', 'Lab', '--kind', 'civil-society'])
    await vigil(['admin', 'org', 'create', '--name', 'Other', '--kind', 'platform'])
    await vigil(['admin', 'user', 'create', '--org', 'Lab', '--email', 'ana@lab.example', '--role', 'analyst'])
    await vigil(['admin', 'user', 'create', '--org', 'Lab', '--email', 'rev@lab.example', '--role', 'reviewer'])
    await vigil(['admin', 'user', 'create', '--org', 'Other', '--email', 'pat@other.example', '--role', 'analyst'])

    const created = await vigil([
      'live',
      'feed',
      'create',
      'election-day',
      ...as,
      '--signals',
      'co-link,co-hashtag',
      '--window',
      '30',
      '--min-repeat',
      '3',
      '--weight',
      'pairs',
      '--similarity',
      '0.7',
      '--map',
      'account=user,time=ts,url=link',
      '--partitions',
      '8',
      '--lateness',
      '120',
      '--json',
    ])
    expect(created.err).toBe('')
    expect(created.code).toBe(0)
    expect(LiveFeed.parse(JSON.parse(created.out))).toMatchObject({
      name: 'election-day',
      params: {
        signals: ['co-link', 'co-hashtag'],
        window: 30,
        minRepeat: 3,
        weight: 'pairs',
        similarity: 0.7,
        map: { account: 'user', time: 'ts', url: 'link' },
      },
      partitions: 8,
      lateness: 120,
      createdBy: 'ana@lab.example',
    })
    const plain = await vigil(['live', 'feed', 'create', 'night', ...as])
    expect(plain.out).toBe(
      'Created feed night: window 60 s, min repeat 2, weight objects, signals all, 16 partitions, lateness 60 s (by ana@lab.example).\n',
    )

    const again = await vigil(['live', 'feed', 'create', 'night', ...as])
    expect(again).toMatchObject({ code: 1, err: "vigil: a feed named 'night' exists already\n" })
    const bad = await vigil(['live', 'feed', 'create', 'Bad_Name', ...as])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/^vigil: name: lower-case letters/)
    // The detection flags are checked as `vigil detect` checks them (DetectParams).
    expect((await vigil(['live', 'feed', 'create', 'x', ...as, '--weight', 'heavy'])).err).toBe(
      'vigil: --weight: Invalid option: expected one of "objects"|"posts"|"pairs"\n',
    )
    expect((await vigil(['live', 'feed', 'create', 'x', '--as', 'rev@lab.example'])).err).toBe(
      'vigil: --as: rev@lab.example lacks live:manage\n',
    )

    const list = LiveFeedList.parse(JSON.parse((await vigil(['live', 'feed', 'list', ...as, '--json'])).out))
    expect(list.feeds.map((f) => f.name)).toEqual(['election-day', 'night'])
    expect((await vigil(['live', 'feed', 'list', '--as', 'pat@other.example'])).out).toBe('No feeds.\n')

    expect(await vigil(['live', 'feed', 'delete', 'night', ...as])).toMatchObject({ code: 0, out: 'Deleted feed night.\n' })
    expect((await vigil(['live', 'feed', 'delete', 'night', ...as])).err).toBe("vigil: no live feed 'night'\n")
    expect((await vigil(['live', 'feed', 'list', ...as])).out).toMatch(
      /^election-day: window 30 s, min repeat 3, weight pairs, signals co-link,co-hashtag/,
    )
  }, 300_000)
})
