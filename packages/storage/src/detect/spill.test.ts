import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { VigilError } from '@vigil/core'
import { describe, expect, it } from 'vitest'
import { runDetection } from './run-detection.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-spill-'))
const file = join(dir, 'shares.csv')
// 300,000 shares of 2,000 objects by 20,000 accounts over a day: a few MB, enough to outgrow 16 MB of memory.
writeFileSync(
  file,
  `object_id,account_id,content_id,timestamp_share\n${Array.from({ length: 300_000 }, (_, i) => `O${(i * 7919) % 2000},A${(i * 104_729) % 20_000},c${i},${i % 86_400}\n`).join('')}`,
)
const base = { files: [file], window: 60, minRepeat: 2, weight: 'objects', similarity: 0.8, strict: false } as const

describe('spilling', () => {
  it('spills under the directory it is given and removes what it wrote there', async () => {
    const spillDir = mkdtempSync(join(dir, 'out-'))
    const result = await runDetection({ ...base, spillDir })
    expect(result.networks.run.posts).toBe(300_000)
    expect(readdirSync(spillDir)).toEqual([])
  })

  it('stops with one clear error when memory and spill space run out, and leaves nothing behind', async () => {
    const spillDir = mkdtempSync(join(dir, 'out-'))
    const run = runDetection({ ...base, spillDir, memoryLimit: '16MB', maxSpill: '1MB' })
    await expect(run).rejects.toBeInstanceOf(VigilError)
    await expect(run).rejects.toMatchObject({ code: 'DETECT_RESOURCES_EXHAUSTED' })
    await expect(run).rejects.toThrow(
      /^detection cannot finish within the memory limit \(16MB\) and the disk free for spilling under .*out-[^\n]*$/,
    )
    expect(readdirSync(spillDir)).toEqual([])
  })
})
