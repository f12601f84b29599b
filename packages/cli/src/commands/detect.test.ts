import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DetectSummary, NetworksFile } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-cli-'))
const input = join(dir, 'shares.csv')
// Two rings: A, B, C reshare O1..O3 within seconds; D and E reshare O4, O5 together.
writeFileSync(
  input,
  [
    'object_id,account_id,content_id,timestamp_share',
    ...['O1', 'O2', 'O3'].flatMap((o, i) => ['A', 'B', 'C'].map((a, j) => `${o},${a},${o}${a},${i * 1000 + j * 5}`)),
    ...['O4', 'O5'].flatMap((o, i) => ['D', 'E'].map((a, j) => `${o},${a},${o}${a},${10_000 + i * 1000 + j * 20}`)),
    'O6,F,O6F,20000',
  ].join('\n'),
)

describe('vigil detect', () => {
  it('writes every output, each valid, and prints the summary table', async () => {
    const out = join(dir, 'out')
    const io = captureIo()
    expect(await run(['detect', input, '--out', out], io)).toBe(0)
    expect(io.out()).toMatch(/Read 14 rows \(coortweet\): 14 posts by 6 accounts; 0 bad rows/)
    expect(io.out()).toMatch(/^n1\s+3\s+/m)
    expect(io.err()).toBe('')

    const networks = NetworksFile.parse(JSON.parse(readFileSync(join(out, 'networks.json'), 'utf8')))
    expect(networks.networks.map((n) => n.members)).toEqual([
      ['A', 'B', 'C'],
      ['D', 'E'],
    ])
    expect(readdirSync(join(out, 'edges'))).toEqual(['co-reshare.csv'])
    expect(readFileSync(join(out, 'edges', 'co-reshare.csv'), 'utf8')).toBe('account_a,account_b,weight\nA,B,3\nA,C,3\nB,C,3\nD,E,2\n')
    const accounts = readFileSync(join(out, 'accounts.csv'), 'utf8').trim().split('\n')
    expect(accounts[0]).toBe('account,network,score,signals,posts,coordinated_posts')
    expect(accounts.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['A,n1', 'B,n1', 'C,n1', 'D,n2', 'E,n2'])
    expect(accounts[1]).toMatch(/,co-reshare,3,3$/)

    const report = readFileSync(join(out, 'report.html'), 'utf8')
    // One file: the web package's report app inlined, no script or style fetched.
    expect(report).toContain('<script id="vigil-report-data" type="application/json">')
    expect(report).toContain('createRoot')
    expect(report).not.toMatch(/<script[^>]+src=|<link[^>]+href=/)
    expect(report).not.toMatch(/(src|href)=["']?https?:/)
    expect(report).toContain('"members":["A","B","C"]')
    // The input is named by its file name, never by the local path it was read from.
    expect(networks.run.files).toEqual(['shares.csv'])
    expect(report).toContain('shares.csv')
    expect(report).not.toContain(dir)
    expect(readFileSync(join(out, 'networks.json'), 'utf8')).not.toContain(dir)
  })

  it('prints the summary as JSON with --json, valid against its schema', async () => {
    const io = captureIo()
    expect(await run(['detect', input, '--out', join(dir, 'json'), '--json', '--weight', 'pairs', '--min-repeat', '3'], io)).toBe(0)
    const summary = DetectSummary.parse(JSON.parse(io.out()))
    expect(summary.run.weight).toBe('pairs')
    expect(summary.networks).toEqual([{ id: 'n1', members: 3, score: expect.any(Number), signals: ['co-reshare'] }])
    expect(summary.flaggedAccounts).toBe(3)
  })

  it('reports precision and recall against --labels', async () => {
    const labels = join(dir, 'labels.csv')
    writeFileSync(labels, 'account\nA\nB\nF\n')
    const io = captureIo()
    expect(await run(['detect', input, '--out', join(dir, 'labels'), '--json', '--labels', labels], io)).toBe(0)
    const summary = DetectSummary.parse(JSON.parse(io.out()))
    expect(summary.labelMetrics).toMatchObject({ truePositives: 2, precision: 2 / 5, recall: 2 / 3 })
  })

  it('fails with one line and exit code 2 on malformed input or options', async () => {
    const wrong = join(dir, 'wrong.csv')
    writeFileSync(wrong, 'a,b\n1,2\n')
    for (const argv of [
      ['detect', wrong, '--out', join(dir, 'x')],
      ['detect', input, '--weight', 'heavy'],
      ['detect', input, '--signals', 'co-image'],
      ['detect', input, '--window', '-1'],
      // The largest window a server run accepts (DetectParams) is the command line's too.
      ['detect', input, '--window', '604801'],
      ['detect', join(dir, 'missing.csv')],
      ['detect', dir],
      ['detect', input, '--out', '/etc/passwd'],
      ['detect', input, '--out', join(input, 'out')],
    ]) {
      const io = captureIo()
      expect(await run(argv, io)).toBe(2)
      expect(io.err().trim().split('\n')).toHaveLength(1)
      expect(io.err()).toMatch(/^vigil: /)
    }
  })

  describe('--out', () => {
    const wrong = join(dir, 'wrong-header.csv')
    writeFileSync(wrong, 'a,b\n1,2\n')

    it('replaces a previous run whole: nothing of it stays beside the new outputs', async () => {
      const parent = mkdtempSync(join(dir, 'replace-'))
      const out = join(parent, 'out')
      expect(await run(['detect', input, '--out', out, '--stix'], captureIo())).toBe(0)
      expect(readdirSync(out).sort()).toEqual(['accounts.csv', 'bundle.json', 'edges', 'networks.json', 'report.html'])
      writeFileSync(join(out, 'edges', 'co-hashtag.csv'), 'account_a,account_b,weight\nX,Y,9\n')
      const io = captureIo()
      expect(await run(['detect', input, '--out', out, '--min-repeat', '3'], io)).toBe(0)
      expect(io.err()).toBe('')
      expect(readdirSync(out).sort()).toEqual(['accounts.csv', 'edges', 'networks.json', 'report.html'])
      expect(readdirSync(join(out, 'edges'))).toEqual(['co-reshare.csv'])
      expect(NetworksFile.parse(JSON.parse(readFileSync(join(out, 'networks.json'), 'utf8'))).networks).toHaveLength(1)
      expect(readdirSync(parent)).toEqual(['out'])
    })

    it('writes into an empty folder', async () => {
      const out = mkdtempSync(join(dir, 'empty-'))
      expect(await run(['detect', input, '--out', out], captureIo())).toBe(0)
      expect(existsSync(join(out, 'networks.json'))).toBe(true)
    })

    it('refuses a folder holding anything else with one line and exit 2, and replaces it with --force', async () => {
      const parent = mkdtempSync(join(dir, 'other-'))
      const out = join(parent, 'out')
      mkdirSync(out)
      writeFileSync(join(out, 'notes.txt'), 'mine')
      const io = captureIo()
      expect(await run(['detect', input, '--out', out], io)).toBe(2)
      expect(io.err()).toBe(
        `vigil: --out ${out}: holds files that are not a previous vigil detect output; name a new or empty folder, or pass --force to replace it\n`,
      )
      expect(readdirSync(out)).toEqual(['notes.txt'])
      // A networks.json beside other files is not a previous output either.
      writeFileSync(join(out, 'networks.json'), '{"version":1,"run":{}}')
      expect(await run(['detect', input, '--out', out], captureIo())).toBe(2)

      expect(await run(['detect', input, '--out', out, '--force'], captureIo())).toBe(0)
      expect(readdirSync(out).sort()).toEqual(['accounts.csv', 'edges', 'networks.json', 'report.html'])
      expect(readdirSync(parent)).toEqual(['out'])
    })

    it('leaves the previous output intact and no partial output when a run fails', async () => {
      const parent = mkdtempSync(join(dir, 'failed-'))
      const out = join(parent, 'out')
      expect(await run(['detect', input, '--out', out], captureIo())).toBe(0)
      const before = readFileSync(join(out, 'networks.json'), 'utf8')
      expect(await run(['detect', wrong, '--out', out], captureIo())).toBe(2)
      expect(readFileSync(join(out, 'networks.json'), 'utf8')).toBe(before)
      expect(readdirSync(parent)).toEqual(['out'])

      const fresh = join(parent, 'new', 'deeper')
      expect(await run(['detect', wrong, '--out', fresh], captureIo())).toBe(2)
      expect(readdirSync(parent)).toEqual(['out'])
    })
  })
})
