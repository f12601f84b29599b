import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeWithShared } from '@vigil/contracts/test-support'
import { buildIoArchive, DEFAULT_HASH_THRESHOLD } from '@vigil/core'
import { afterAll, expect, it } from 'vitest'
import { runDetection } from '../detect/run-detection.js'
import { parseCsv, toCsv } from '../shared/csv.js'
import { readZip } from '../test-support/read-zip.js'
import { readArchivePosts } from './read-archive-posts.js'
import { zipIoArchive } from './zip-io-archive.js'

const IRA_MAP = {
  account: 'author_id',
  account_name: 'author_id',
  time: 'publish_date',
  text: 'content',
  is_reshare: 'post_type',
  followers: 'followers',
} as const

// The FiveThirtyEight IRA subset (PROVENANCE.md beside it), cut to its first three days to keep
// the run short: real screen names (author_id) and follower counts, some accounts above 5,000.
describeWithShared('researchers archive of an IRA network (real data)', 'data/cib/ira_538_by_author', (dir) => {
  const work = mkdtemp(join(tmpdir(), 'vigil-io-archive-'))
  afterAll(async () => rm(await work, { recursive: true, force: true }))
  const detect = (file: string) =>
    runDetection({
      files: [file],
      window: 60,
      minRepeat: 2,
      weight: 'objects',
      // The dump names no reshared post, so the archive carries no retweet_tweetid to co-reshare on.
      signals: ['co-link', 'co-hashtag', 'co-text', 'co-similar-text'],
      similarity: 0.8,
      strict: false,
    })

  it('hashes every small account everywhere, keeps the large ones, differs per release, and detect finds the network again', async () => {
    const [header, ...rows] = parseCsv(await readFile(join(dir, 'tweets_2016-10-01_2016-11-15.csv'), 'utf8'))
    const col = (name: string) => (header as string[]).indexOf(name)
    const subset = rows.filter((r) => (r[col('publish_date')] as string) < '2016-10-04')
    const dump = join(await work, 'ira.csv')
    await writeFile(dump, toCsv([header as string[], ...subset]))
    const found = await detect(dump)
    const network = [...found.networks.networks].sort((a, b) => b.members.length - a.members.length)[0]
    if (network === undefined) throw new Error('no network in the IRA subset')

    // Read back as `--map` reads it, to take the follower counts the format spec leaves out.
    const posts = await readArchivePosts([dump], IRA_MAP)
    expect(posts).toHaveLength(subset.length)
    const release = (fill: number) =>
      buildIoArchive({
        members: network.members,
        posts,
        secret: new Uint8Array(32).fill(fill),
        releaseDate: new Date('2026-12-05T00:00:00Z'),
      })
    const archive = release(7)
    const files = readZip(await zipIoArchive(archive, new Date('2026-12-05T00:00:00Z')))
    expect([...files.keys()]).toEqual(['tweets.csv', 'users.csv', 'README.txt'])
    const all = [...files.values()].map((b) => b.toString('utf8').toLowerCase()).join('\n')

    const latestFollowers = new Map<string, number>()
    for (const p of posts) latestFollowers.set(p.account, p.followers as number)
    expect(latestFollowers.size).toBeGreaterThan(100)
    const small = network.members.filter((m) => (latestFollowers.get(m) as number) < DEFAULT_HASH_THRESHOLD)
    const large = network.members.filter((m) => !small.includes(m))
    // Raw values to hide: every small account of the dump, member or not, since texts may name any.
    const hidden = [...latestFollowers].filter(([, f]) => f < DEFAULT_HASH_THRESHOLD).map(([a]) => a)
    expect(small.length).toBeGreaterThan(0)
    expect(large.length).toBeGreaterThan(0)
    for (const raw of hidden) expect(all.includes(raw.toLowerCase()), raw).toBe(false)
    const users = parseCsv((files.get('users.csv') as Buffer).toString('utf8'))
    for (const m of large) expect(users.some((u) => u[0] === m && u[2] === m)).toBe(true)
    expect(archive).toMatchObject({ hashedAccounts: small.length, keptAccounts: large.length })

    const ids = (a: typeof archive) => a.users.slice(1).map((u) => u[0])
    expect(
      ids(release(8))
        .filter((id) => ids(archive).includes(id))
        .sort(),
    ).toEqual([...large].sort())

    // The archive read back by detect's own X reader: the same accounts, under their archive ids.
    const tweets = join(await work, 'tweets.csv')
    await writeFile(tweets, files.get('tweets.csv') as Buffer)
    const again = await detect(tweets)
    expect(again.networks.run.format).toBe('x-io-archive')
    const authorOf = new Map(posts.map((p) => [p.post, p.account]))
    const archiveId = new Map(archive.tweets.slice(1).map((t) => [authorOf.get(t[0] as string), t[1]]))
    const expected = network.members.map((m) => archiveId.get(m)).sort()
    expect(again.networks.networks.some((n) => JSON.stringify([...n.members].sort()) === JSON.stringify(expected))).toBe(true)
  }, 600_000)
})
