import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../shared/csv.js'
import { runDetection } from './run-detection.js'
import { renderDetectOutputs } from './write-outputs.js'

// Account names an attacker controls, each a formula to a spreadsheet (OWASP CSV injection).
const EVIL = ['=HYPERLINK("http://evil","x")', '+1+cmd|calc', '@SUM(1+1)']
const FIXTURE = [
  'post,account,time,url',
  ...[0, 100, 200].flatMap((t, i) => EVIL.map((a, j) => `p${i}${j},"${a.replaceAll('"', '""')}",${t + j},https://example.org/${i}`)),
].join('\n')

describe('detect outputs', () => {
  it('neutralise formula account names in accounts.csv and the edge files, and keep them readable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-outputs-'))
    const file = join(dir, 'posts.csv')
    writeFileSync(file, `${FIXTURE}\n`)
    const detection = await runDetection({
      files: [file],
      map: { post: 'post', account: 'account', time: 'time', url: 'url' },
      window: 60,
      minRepeat: 2,
      weight: 'objects',
      similarity: 0.8,
      strict: false,
    })
    const files = new Map(renderDetectOutputs(detection).map((f) => [f.path, f.content]))
    const accounts = files.get('accounts.csv') ?? ''
    const edges = files.get('edges/co-link.csv') ?? ''
    for (const content of [accounts, edges]) {
      // No line and no cell starts with a formula character.
      for (const row of parseCsv(content)) for (const cell of row) expect(cell).not.toMatch(/^[=+@]/)
    }
    expect(
      parseCsv(accounts)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['account', ...EVIL.map((a) => `'${a}`)].sort())
    expect(parseCsv(edges)).toHaveLength(1 + 3)
  })
})
