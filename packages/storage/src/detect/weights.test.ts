import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EdgeWeight } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { runDetection } from './run-detection.js'

// Hand-computed fixture in CooRTweet's input format (docs/DETECT.md walks through it).
// Object O1: A at 0 and 40, B at 30 and 50, C at 200 → pairs (a1,b1) (a1,b2) (a5,b1) (a5,b2)
// Object O2: A 1000, B 1010 → 1 pair.  O3: A 2000, B 2100 → 100 s apart, none.
// Object O4: A 3000, B 3060 → exactly 60 s, 1 pair (the window is inclusive).
// O5: C 5000, A 5020 → 1 pair.  O6: C 6000, A 6070 → none.  O7: A twice → no self-pair.
// A–B: objects {O1,O2,O4} = 3; pairs 4+1+1 = 6; posts max(|{a1,a5,a2,a4}|, |{b1,b2,b3,b5}|) = 4.
// A–C: 1 on every weight.
const FIXTURE = `object_id,account_id,content_id,timestamp_share
O1,A,a1,0
O1,B,b1,30
O1,B,b2,50
O1,C,c1,200
O1,A,a5,40
O2,A,a2,1000
O2,B,b3,1010
O3,A,a3,2000
O3,B,b4,2100
O4,A,a4,3000
O4,B,b5,3060
O5,C,c2,5000
O5,A,a6,5020
O6,C,c3,6000
O6,A,a7,6070
O7,A,a8,7000
O7,A,a9,7010
`

const dir = mkdtempSync(join(tmpdir(), 'vigil-weights-'))
const file = join(dir, 'shares.csv')
writeFileSync(file, FIXTURE)

async function edges(weight: EdgeWeight, minRepeat: number, window = 60) {
  const result = await runDetection({ files: [file], window, minRepeat, weight, similarity: 0.8, strict: false })
  return result.edges.map((e) => [e.a, e.b, e.weight])
}

describe('edge weights on a hand-computed fixture', () => {
  it('objects: distinct objects co-posted', async () => {
    expect(await edges('objects', 1)).toEqual([
      ['A', 'B', 3],
      ['A', 'C', 1],
    ])
  })

  it('posts (QUT toolkit): matched posts of one account, larger direction', async () => {
    expect(await edges('posts', 1)).toEqual([
      ['A', 'B', 4],
      ['A', 'C', 1],
    ])
  })

  it('pairs (CooRTweet): coordinated share pairs', async () => {
    expect(await edges('pairs', 1)).toEqual([
      ['A', 'B', 6],
      ['A', 'C', 1],
    ])
  })

  it('--min-repeat drops lighter edges, on the chosen weight', async () => {
    expect(await edges('objects', 2)).toEqual([['A', 'B', 3]])
    expect(await edges('pairs', 6)).toEqual([['A', 'B', 6]])
    expect(await edges('pairs', 7)).toEqual([])
  })

  it('the window is inclusive and can be widened', async () => {
    expect(await edges('objects', 1, 59)).toEqual([
      ['A', 'B', 2],
      ['A', 'C', 1],
    ])
    // 100 s brings O3 (A 2000, B 2100) and O6 (C 6000, A 6070) in; O1's C at 200 is 150 s from B's 50.
    expect(await edges('objects', 1, 100)).toEqual([
      ['A', 'B', 4],
      ['A', 'C', 2],
    ])
  })
})
