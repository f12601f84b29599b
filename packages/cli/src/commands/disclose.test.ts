import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readZip } from '@vigil/storage/test-support'
import { beforeAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-disclose-cli-'))
const dump = join(dir, 'shares.csv')
const other = join(dir, 'other.csv')
const RING = ['ring_alpha', 'ring_bravo', 'ring_charlie']
// One ring resharing O1..O3 within seconds, in CooRTweet's format (no follower counts).
writeFileSync(
  dump,
  [
    'object_id,account_id,content_id,timestamp_share',
    ...['O1', 'O2', 'O3'].flatMap((o, i) => RING.map((a, j) => `${o},${a},${o}${j},${i * 1000 + j * 5}`)),
    'O9,loner_delta,O9x,9000',
  ].join('\n'),
)
writeFileSync(other, 'object_id,account_id,content_id,timestamp_share\nO1,someone_else,c1,0\n')
const out = join(dir, 'run')

describe('vigil disclose archive', () => {
  beforeAll(async () => {
    expect(await run(['detect', dump, '--out', out], captureIo())).toBe(0)
  })

  it("writes the network's archive with every account hashed when the dump has no follower counts", async () => {
    const zip = join(dir, 'n1.zip')
    const io = captureIo()
    expect(await run(['disclose', 'archive', '--from', out, '--dump', dump, '--network', 'n1', '--out', zip], io)).toBe(0)
    expect(io.out()).toMatch(/9 posts by 3 accounts of n1; 3 accounts hashed \(under 5000 followers\), 0 kept/)
    const files = readZip(readFileSync(zip))
    expect([...files.keys()]).toEqual(['tweets.csv', 'users.csv', 'README.txt'])
    const all = [...files.values()].map((b) => b.toString('utf8')).join('\n')
    for (const raw of RING) expect(all).not.toContain(raw)
    expect(files.get('users.csv')?.toString('utf8').trim().split('\n')).toHaveLength(4)
  })

  it('refuses an unknown network, a directory without a run, and an empty selection, with exit code 2', async () => {
    const zip = join(dir, 'refused.zip')
    const cases: [string[], RegExp][] = [
      [['--from', out, '--dump', dump, '--network', 'n7'], /unknown network n7 \(the run has: n1\)/],
      [['--from', dir, '--dump', dump, '--network', 'n1'], /networks\.json: cannot read it/],
      [['--from', out, '--dump', other, '--network', 'n1'], /selection is empty/],
    ]
    for (const [args, message] of cases) {
      const io = captureIo()
      expect(await run(['disclose', 'archive', ...args, '--out', zip], io)).toBe(2)
      expect(io.err()).toMatch(message)
      expect(existsSync(zip)).toBe(false)
    }
  })
})
