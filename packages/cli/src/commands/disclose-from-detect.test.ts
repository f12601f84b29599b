import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Disclosure, NetworksFile } from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { loadConfig } from '@vigil/core'
import { openStore } from '@vigil/storage'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

// An analyst ran `vigil detect` offline on the first three days of the FiveThirtyEight IRA
// subset (real screen names and follower counts) and discloses a network from its output.
describeWithShared('vigil disclose create --from-detect (real IRA data)', 'data/cib/ira_538_by_author', (source) => {
  let dataDir = ''
  let work = ''
  let subset = ''
  let lines: string[] = []
  const vigil = async (argv: string[]) => {
    const io = captureIo({ VIGIL_DATA_DIR: dataDir })
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }
  const counts = async () => {
    const database = await openStore(loadConfig({ VIGIL_DATA_DIR: dataDir }), 'read')
    try {
      const n = async (table: string) =>
        (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db)).rows[0]?.n
      return { runs: await n('detect_runs'), disclosures: await n('disclosures') }
    } finally {
      await database.close()
    }
  }
  const create = (over: string[]) => [
    'disclose',
    'create',
    '--title',
    'IRA accounts posing as US activists',
    '--as',
    'ana@platform.example',
    '--json',
    ...over,
  ]

  beforeAll(async () => {
    dataDir = await createMigratedDataDir('vigil-disclose-detect-')
    work = join(dataDir, 'work')
    await mkdir(work)
    for (const argv of [
      ['admin', 'org', 'create', '--name', 'Platform', '--kind', 'platform'],
      ['admin', 'user', 'create', '--org', 'Platform', '--email', 'ana@platform.example', '--role', 'analyst'],
    ])
      expect((await vigil(argv)).code).toBe(0)
    const text = await readFile(join(source, 'tweets_2016-10-01_2016-11-15.csv'), 'utf8')
    const all = text.split('\n')
    lines = all.slice(1).filter((l) => /,2016-10-0[1-3] /.test(l))
    subset = join(work, 'ira-3-days.csv')
    await writeFile(subset, [all[0], ...lines].join('\n'))
    const detected = await vigil(['detect', subset, '--signals', 'co-link,co-hashtag,co-text,co-similar-text', '--out', join(work, 'run')])
    expect(detected.code, detected.err).toBe(0)
  }, 300_000)
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('refuses a folder that is not a detect output, and an unknown network, changing nothing', async () => {
    const notOutput = join(work, 'not-a-run')
    await mkdir(notOutput)
    await writeFile(join(notOutput, 'networks.json'), '{"networks": []}')
    const refused = await vigil(create(['--from-detect', notOutput, '--input', subset, '--network', 'n1']))
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/not-a-run is not a `vigil detect` output folder: its networks.json is not a networks file/)
    const empty = await vigil(create(['--from-detect', work, '--input', subset, '--network', 'n1']))
    expect(empty.code).toBe(2)
    expect(empty.err).toMatch(/is not a `vigil detect` output folder: it has no readable networks.json/)
    const unknown = await vigil(create(['--from-detect', join(work, 'run'), '--input', subset, '--network', 'n99999']))
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/no network n99999 in/)
    const both = await vigil(
      create(['--run', '00000000-0000-4000-8000-000000000000', '--from-detect', join(work, 'run'), '--network', 'n1']),
    )
    expect(both.code).toBe(2)
    expect(await counts()).toEqual({ runs: 0, disclosures: 0 })
    expect(await readdir(join(dataDir, 'uploads')).catch(() => [])).toEqual([])
  }, 120_000)

  it("imports the output as a run, confirms the network and drafts its disclosure with the dump's counts", async () => {
    const file = NetworksFile.parse(JSON.parse(await readFile(join(work, 'run', 'networks.json'), 'utf8')))
    const network = [...file.networks].sort((a, b) => b.members.length - a.members.length)[0]
    if (!network) throw new Error('the run found no network')
    const made = await vigil(create(['--from-detect', join(work, 'run'), '--input', subset, '--network', network.id]))
    expect(made.err).toBe('')
    const d = Disclosure.parse(JSON.parse(made.out))
    // Counted here from the dump's rows (author_id is the first column), independently of the reader.
    const members = new Set(network.members)
    const own = lines.filter((l) => members.has(l.slice(0, l.indexOf(','))))
    const authors = new Set(own.map((l) => l.slice(0, l.indexOf(','))))
    expect(d).toMatchObject({ status: 'draft', surfaces: ['twitter'], source: { kind: 'run', networks: [network.id] } })
    expect(d.evidence.posts).toBe(own.length)
    expect(d.evidence.accounts).toBe(authors.size)
    expect(d.evidence.networks).toEqual([{ id: network.id, members: network.members.length, score: network.score }])
    expect(d.evidence.reach.followers).toBeGreaterThan(0)
    expect(await counts()).toEqual({ runs: 1, disclosures: 1 })
    const report = await vigil(['disclose', 'report', d.id, '--format', 'markdown', '--as', 'ana@platform.example'])
    expect(report.out).toContain(`| Posts | ${own.length.toLocaleString('en-GB')} |`)
  }, 300_000)
})
