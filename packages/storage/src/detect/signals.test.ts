import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDetection } from './run-detection.js'

// One object per signal, each shared by two accounts inside the 60 s window (see docs/DETECT.md).
const FIXTURE = `id,user,ts,text,rt_of,reply,img
1,u1,0,Read https://Example.com/a?utm_source=x #Vote @Alice,,,
2,u2,10,look https://example.com/a/ #VOTE @alice,,,
3,u3,500,hello there friend,,P9,
4,u1,520,something else entirely here,,P9,
5,u2,1000,the quick brown fox jumps over the lazy dog today,,,H1
6,u3,1030,The quick brown fox jumps over the lazy dog today!,,,H1
7,u1,2000,Identical message for all,,,
8,u3,2040,identical   MESSAGE for all,,,
9,u1,3000,,X1,,
10,u2,3005,,X1,,
11,u2,4000,#late,,,
12,u3,4100,#late,,,
13,u1,8000,one two three four five six seven eight nine ten,,,
14,u2,8010,one two three four five six seven eight nine eleven,,,
`
const MAP = { post: 'id', account: 'user', time: 'ts', text: 'text', reshare_of: 'rt_of', reply_to: 'reply', image_hash: 'img' } as const

const dir = mkdtempSync(join(tmpdir(), 'vigil-signals-'))
const file = join(dir, 'posts.csv')
writeFileSync(file, FIXTURE)

const detectAll = () =>
  runDetection({ files: [file], map: MAP, window: 60, minRepeat: 1, weight: 'objects', similarity: 0.8, strict: false })

describe('signals on a hand-built fixture', () => {
  it('finds each signal between the accounts that shared its object, all in one pass', async () => {
    const result = await detectAll()
    const found = Object.fromEntries(
      result.networks.run.signals.map((s) => [s, result.edges.filter((e) => e.signal === s).map((e) => `${e.a}-${e.b}`)]),
    )
    expect(found).toEqual({
      'co-reshare': ['u1-u2'],
      'co-link': ['u1-u2'],
      'co-domain': ['u1-u2'],
      'co-hashtag': ['u1-u2'],
      'co-mention': ['u1-u2'],
      'co-reply': ['u1-u3'],
      'co-image': ['u2-u3'],
      'co-text': ['u1-u3'],
      // Rows 13 and 14: Jaccard 9/11 ≈ 0.82.
      'co-similar-text': ['u1-u2', 'u1-u3', 'u2-u3'],
    })
  })

  it('links only the normalised URL, hashtag and text as objects in the evidence', async () => {
    const result = await detectAll()
    const objects = result.networks.networks.flatMap((n) => n.evidence.map((e) => `${e.signal}:${e.object}`))
    expect(objects).toEqual(
      expect.arrayContaining([
        'co-link:https://example.com/a',
        'co-domain:example.com',
        'co-hashtag:vote',
        'co-mention:alice',
        'co-text:identical message for all',
        'co-reshare:X1',
      ]),
    )
    expect(result.networks.networks).toHaveLength(1)
    expect(result.networks.networks[0]?.members).toEqual(['u1', 'u2', 'u3'])
  })

  it('finds the same when the window join and MinHash run in chunks of a few rows', async () => {
    const whole = await detectAll()
    const chunked = await runDetection({
      files: [file],
      map: MAP,
      window: 60,
      minRepeat: 1,
      weight: 'objects',
      similarity: 0.8,
      strict: false,
      chunkRows: 3,
    })
    expect(chunked.edges.length).toBeGreaterThan(8)
    expect(chunked.edges).toEqual(whole.edges)
    expect(chunked.networks.networks).toEqual(whole.networks.networks)
  })

  it('--similarity 1 keeps only identical word sets', async () => {
    const result = await runDetection({
      files: [file],
      map: MAP,
      signals: ['co-similar-text'],
      window: 60,
      minRepeat: 1,
      weight: 'objects',
      similarity: 1,
      strict: false,
    })
    expect(result.edges.map((e) => `${e.a}-${e.b}`)).toEqual(['u1-u3', 'u2-u3'])
  })

  it('refuses a signal the input has no fields for', async () => {
    await expect(
      runDetection({
        files: [file],
        map: { account: 'user', time: 'ts' },
        signals: ['co-image'],
        window: 60,
        minRepeat: 1,
        weight: 'objects',
        similarity: 0.8,
        strict: false,
      }),
    ).rejects.toMatchObject({ code: 'DETECT_SIGNAL_UNAVAILABLE' })
  })

  it('counts each post of an evidence object once, however many pairs it is in', async () => {
    // Five accounts reshare one post, one post apiece: ten pairs, five posts.
    const five = join(dir, 'five.csv')
    writeFileSync(five, `id,user,ts,rt_of\n${[1, 2, 3, 4, 5].map((i) => `${i},v${i},${i},X9`).join('\n')}\n`)
    const result = await runDetection({
      files: [five],
      map: { post: 'id', account: 'user', time: 'ts', reshare_of: 'rt_of' },
      window: 60,
      minRepeat: 1,
      weight: 'objects',
      similarity: 0.8,
      strict: false,
    })
    const evidence = result.networks.networks.flatMap((n) => n.evidence)
    expect(evidence).toMatchObject([{ signal: 'co-reshare', object: 'X9', posts: 5 }])
    expect(evidence[0]?.accounts).toHaveLength(5)
  })

  it('stops when its signal aborts, at once or between stages', async () => {
    const options = { files: [file], map: MAP, window: 60, minRepeat: 1, weight: 'objects', similarity: 0.8, strict: false } as const
    await expect(runDetection({ ...options, signal: AbortSignal.abort() })).rejects.toThrow(/abort/i)
    const controller = new AbortController()
    const stages: string[] = []
    const run = runDetection({ ...options, signal: controller.signal }, (stage) => {
      stages.push(stage)
      if (stage === 'objects') controller.abort()
    })
    await expect(run).rejects.toThrow()
    expect(stages).toEqual(['read', 'objects'])
  })
})
