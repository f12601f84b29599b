import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { labelMetrics, parseFieldMap } from '@vigil/core'
import { runDetection } from '@vigil/storage'
import { describe, expect, it } from 'vitest'
import { GENERATED_MAP, generateDump } from './detect-generate.js'

describe('planted networks in a generated dump', () => {
  it('are found with precision and recall ≥ 0.95, each as its own network', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vigil-gen-')), 'dump.csv')
    const dump = await generateDump(path, { posts: 100_000, seed: 7 })
    const result = await runDetection({
      files: [path],
      map: parseFieldMap(GENERATED_MAP),
      window: 60,
      minRepeat: 2,
      weight: 'objects',
      similarity: 0.8,
      strict: false,
    })
    const planted = new Set(dump.planted.flat())
    const flagged = new Set(result.networks.networks.flatMap((n) => n.members))
    const metrics = labelMetrics(flagged, planted)
    expect(metrics.precision).toBeGreaterThanOrEqual(0.95)
    expect(metrics.recall).toBeGreaterThanOrEqual(0.95)
    const found = new Set(result.networks.networks.map((n) => n.members.join(' ')))
    const recovered = dump.planted.filter((members) => found.has(members.join(' ')))
    expect(recovered.length / dump.planted.length).toBeGreaterThanOrEqual(0.95)
  })
})
