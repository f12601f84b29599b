// `npm run bench -- detect-quality`: precision and recall of the flagged accounts on
// generated dumps whose planted networks push another kind of object in every burst
// (bench/detect-generate.ts), counting repeats per signal and fused. Sizes: 100k and 1M by
// default; set VIGIL_BENCH_SIZES to change them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RepeatCount } from '@vigil/contracts'
import { labelMetrics } from '@vigil/core'
import { runDetection } from '@vigil/storage'
import { GENERATED_DETECTION, generateDump } from './detect-generate.js'

const sizes = (process.env.VIGIL_BENCH_SIZES ?? '100000,1000000').split(',').map(Number)
const dir = mkdtempSync(join(tmpdir(), 'vigil-quality-'))
console.log('posts | counting | networks | flagged | planted accounts | precision | recall | planted networks found whole')
try {
  for (const size of sizes) {
    const path = join(dir, `dump-${size}.csv`)
    const dump = await generateDump(path, { posts: size, seed: 1 })
    const planted = new Set(dump.planted.flat())
    for (const repeat of RepeatCount.options) {
      const result = await runDetection({ files: [path], ...GENERATED_DETECTION, repeat })
      const networks = result.networks.networks
      const metrics = labelMetrics(new Set(networks.flatMap((n) => n.members)), planted)
      const found = new Set(networks.map((n) => n.members.join(' ')))
      const whole = dump.planted.filter((m) => found.has(m.join(' '))).length
      console.log(
        [
          size,
          repeat,
          networks.length,
          metrics.flagged,
          planted.size,
          metrics.precision.toFixed(3),
          metrics.recall.toFixed(3),
          `${whole} of ${dump.planted.length}`,
        ].join(' | '),
      )
    }
    rmSync(path)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
