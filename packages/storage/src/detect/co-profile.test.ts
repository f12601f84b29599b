import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NetworksFile } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { runDetection } from './run-detection.js'

// A hand-computed co-profile fixture. Every account posts once, a year after the one before,
// with its own text: no co-posting signal links any two. Profiles (normalised: lower case,
// white space collapsed, no trailing slash), Jaccard over character-trigram sets:
// - p1, p3: "proud soldier of the nation, serving since 2010" (p3 written in other case and
//   spacing), and the same URL https://army.example: text and URL, weight 2;
// - p2: "… since 2011": 44 of 46 trigrams shared with p1 and p3 (0.957 ≥ 0.8): weight 1 each;
// - p4: "… of the kingdom, serving since 1999": 33 of 57 with p1 (0.579): none;
// - q1, q2: short texts of their own, the same URL (one with a slash and capitals): weight 1;
// - t1, t2: a Thai text without spaces, t2 with "!!" added: 22 of 24 trigrams (0.917): weight 1;
// - r1, r2: "Hi", shorter than 10 characters: not compared; s1 with no profile at all.
const PROFILES: [string, string, string][] = [
  ['p1', 'Proud soldier of the nation, serving since 2010', 'https://army.example'],
  ['p2', 'Proud soldier of the nation, serving since 2011', ''],
  ['p3', 'PROUD soldier  of the nation, serving since 2010', 'https://army.example/'],
  ['p4', 'Proud soldier of the kingdom, serving since 1999', ''],
  ['q1', 'cats', 'https://ops.example/u'],
  ['q2', 'dogs', 'https://OPS.example/u/'],
  ['t1', 'ข่าวสารกองทัพบกไทยวันนี้', ''],
  ['t2', 'ข่าวสารกองทัพบกไทยวันนี้!!', ''],
  ['r1', 'Hi', ''],
  ['r2', 'Hi', ''],
  ['s1', '', ''],
]
const FIXTURE = [
  'id,user,ts,text,bio,link',
  ...PROFILES.map(([user, bio, link], i) => `${i},${user},${2010 + i}-01-01T00:00:00Z,own words of ${user} alone,"${bio}",${link}`),
].join('\n')
const MAP = { post: 'id', account: 'user', time: 'ts', text: 'text', profile_text: 'bio', profile_url: 'link' } as const

const dir = mkdtempSync(join(tmpdir(), 'vigil-co-profile-'))
const file = join(dir, 'posts.csv')
writeFileSync(file, `${FIXTURE}\n`)

const detect = (signals?: Parameters<typeof runDetection>[0]['signals']) =>
  runDetection({
    files: [file],
    map: MAP,
    ...(signals ? { signals } : {}),
    window: 60,
    minRepeat: 2,
    weight: 'objects',
    similarity: 0.8,
    strict: false,
  })

describe('co-profile on a hand-computed fixture', () => {
  it('links the same and near-identical profile texts and URLs, with no time window and no --min-repeat', async () => {
    const result = await detect()
    NetworksFile.parse(result.networks)
    expect(result.networks.run.signals).toContain('co-profile')
    const profile = result.edges.filter((e) => e.signal === 'co-profile').map((e) => [e.a, e.b, e.weight])
    expect(profile).toEqual([
      ['p1', 'p2', 1],
      ['p1', 'p3', 2],
      ['p2', 'p3', 1],
      ['q1', 'q2', 1],
      ['t1', 't2', 1],
    ])
    expect(result.edges.filter((e) => e.signal !== 'co-profile')).toEqual([])
    expect(result.networks.edges['co-profile']).toBe(5)
    const networks = result.networks.networks
    expect(networks.map((n) => n.members).sort()).toEqual([
      ['p1', 'p2', 'p3'],
      ['q1', 'q2'],
      ['t1', 't2'],
    ])
    // An edge of co-profile says nothing about timing, and no post is coordinated.
    for (const n of networks) expect(n.score).toMatchObject({ timeTightness: 0, coordinatedShare: 0 })
    // The exact tell agrees where the texts are equal after normalisation (p1, p3).
    const soldiers = networks.find((n) => n.members.includes('p1'))
    expect(soldiers?.accountEvidence?.find((t) => t.tell === 'same-profile-text')).toMatchObject({ members: 2, of: 3 })
  })

  it('is left out when not asked for, and unavailable without profile fields', async () => {
    const result = await detect(['co-text'])
    expect(result.networks.networks).toEqual([])
    await expect(
      runDetection({
        files: [file],
        map: { post: 'id', account: 'user', time: 'ts', text: 'text' },
        signals: ['co-profile'],
        window: 60,
        minRepeat: 2,
        weight: 'objects',
        similarity: 0.8,
        strict: false,
      }),
    ).rejects.toMatchObject({ code: 'DETECT_SIGNAL_UNAVAILABLE' })
  })
})
