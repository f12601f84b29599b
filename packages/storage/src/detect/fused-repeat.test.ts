import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RepeatCount } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { runDetection } from './run-detection.js'

// Hand-computed fixture of fused counting (docs/DETECT.md, "Fused counting"), window 60 s.
// A and B co-post three times, each burst another kind of object: link L1 (posts 1, 2),
// hashtag h2 (4, 5), identical text (6, 7). Each signal alone has weight 1; fused, 3.
// E posts L1 with them once: A–E and B–E are 1 on every count.
// C and D: posts 8 and 9 share link L2 and hashtag h3 at once (one post pair on two
// signals: it counts once), posts 10 and 11 share link L3. co-link C–D is 2 objects,
// co-hashtag 1; fused, 2 post pairs (the sum over signals would say 3).
const FIXTURE = `id,user,ts,text,url,tag
1,A,0,alpha words one,https://l1.example/x,
2,B,5,beta words two,https://l1.example/x,
3,E,20,gamma words three,https://l1.example/x,
4,A,1000,delta words four,,h2
5,B,1010,epsilon words five,,h2
6,A,2000,the same words here,,
7,B,2003,the same words here,,
8,C,3000,zeta one,https://l2.example/,h3
9,D,3010,eta two,https://l2.example/,h3
10,C,4000,theta three,https://l3.example/,
11,D,4005,iota four,https://l3.example/,
`
const MAP = { post: 'id', account: 'user', time: 'ts', text: 'text', url: 'url', hashtag: 'tag' } as const

const dir = mkdtempSync(join(tmpdir(), 'vigil-fused-'))
const file = join(dir, 'posts.csv')
writeFileSync(file, FIXTURE)

const detect = (repeat: RepeatCount, minRepeat: number) =>
  runDetection({
    files: [file],
    map: MAP,
    signals: ['co-link', 'co-hashtag', 'co-text'],
    window: 60,
    minRepeat,
    weight: 'objects',
    repeat,
    similarity: 0.8,
    strict: false,
  })

const networkEdges = (result: Awaited<ReturnType<typeof detect>>) =>
  result.networks.networks.flatMap((n) => n.edges).sort((x, y) => (x.a < y.a ? -1 : 1))

describe('fused counting on a hand-computed fixture', () => {
  it('per-signal: only C–D repeats on one signal', async () => {
    const result = await detect('per-signal', 2)
    expect(result.networks.run.repeat).toBe('per-signal')
    expect(result.networks.networks.map((n) => n.members)).toEqual([['C', 'D']])
    expect(networkEdges(result)).toEqual([{ a: 'C', b: 'D', weight: 2, signals: { 'co-link': 2 } }])
  })

  it('fused: A–B repeats across three signals, and C–D’s double match counts once', async () => {
    const result = await detect('fused', 2)
    expect(result.networks.run.repeat).toBe('fused')
    expect(networkEdges(result)).toEqual([
      { a: 'A', b: 'B', weight: 3, signals: { 'co-link': 1, 'co-hashtag': 1, 'co-text': 1 } },
      { a: 'C', b: 'D', weight: 2, signals: { 'co-link': 2, 'co-hashtag': 1 } },
    ])
    const ab = result.networks.networks.find((n) => n.members.includes('A'))
    expect(ab?.members).toEqual(['A', 'B'])
    expect(ab?.evidence.map((e) => e.signal).sort()).toEqual(['co-hashtag', 'co-link', 'co-text'])
    expect(result.activity.get('A')).toEqual({ posts: 3, coordinatedPosts: 3 })
    expect((await detect('fused', 3)).networks.networks.map((n) => n.members)).toEqual([['A', 'B']])
  })

  it('keeps the per-signal edge files whatever the count', async () => {
    const perSignal = (await detect('per-signal', 2)).edges
    const fused = (await detect('fused', 2)).edges
    expect(fused).toEqual(perSignal)
    expect(fused.map((e) => [e.signal, e.a, e.b, e.weight])).toEqual([['co-link', 'C', 'D', 2]])
  })
})
