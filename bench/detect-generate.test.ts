import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RepeatCount } from '@vigil/contracts'
import { labelMetrics } from '@vigil/core'
import { runDetection } from '@vigil/storage'
import { beforeAll, describe, expect, it } from 'vitest'
import { GENERATED_DETECTION, type GeneratedDump, generateDump } from './detect-generate.js'

describe('planted networks in a generated dump', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-gen-')), 'dump.csv')
  let dump: GeneratedDump
  beforeAll(async () => {
    dump = await generateDump(path, { posts: 100_000, seed: 7 })
  })
  const detect = async (repeat: RepeatCount) => {
    const result = await runDetection({ files: [path], ...GENERATED_DETECTION, repeat })
    const flagged = new Set(result.networks.networks.flatMap((n) => n.members))
    return { result, metrics: labelMetrics(flagged, new Set(dump.planted.flat())) }
  }

  it('are found with fused counting, precision and recall ≥ 0.95, each as its own network', async () => {
    const { result, metrics } = await detect('fused')
    expect(metrics.precision).toBeGreaterThanOrEqual(0.95)
    expect(metrics.recall).toBeGreaterThanOrEqual(0.95)
    const found = new Set(result.networks.networks.map((n) => n.members.join(' ')))
    const recovered = dump.planted.filter((members) => found.has(members.join(' ')))
    expect(recovered.length / dump.planted.length).toBeGreaterThanOrEqual(0.95)
  })

  it('are missed counting per signal, since no kind of object repeats', async () => {
    const { metrics } = await detect('per-signal')
    expect(metrics.recall).toBeLessThanOrEqual(0.05)
  })
})
