// `npm run bench detect`: posts/s and peak RSS of `vigil detect` on generated dumps, with
// the time DuckDB needs just to scan the same file (the floor). Each measurement runs in
// its own process so peak RSS is its own. Sizes: 100k and 1M by default; set
// VIGIL_BENCH_SIZES=100000,1000000,10000000 for more. Dumps are kept in VIGIL_BENCH_DIR
// (default <tmp>/vigil-bench); VIGIL_BENCH_SCAN=0 leaves the scan floor out.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { type DetectSignal, DetectSignal as Signals } from '@vigil/contracts'
import { parseFieldMap } from '@vigil/core'
import { runDetection } from '@vigil/storage'
import { GENERATED_MAP, generateDump } from './detect-generate.js'

const self = fileURLToPath(import.meta.url)

async function child(mode: string, file: string): Promise<void> {
  const started = performance.now()
  const stages: Record<string, number> = {}
  let last = started
  let lastStage = 'start'
  const onStage = (stage: string) => {
    const now = performance.now()
    stages[lastStage] = (now - last) / 1000
    last = now
    lastStage = stage
  }
  if (mode === 'scan') {
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' })
    const connection = await instance.connect()
    // Every column parsed and touched, so no projection pushdown skips the work.
    await connection.runAndReadAll(`SELECT count(*), sum(length(id) + length(account) + length(ts) + length(coalesce(text, ''))
      + length(coalesce(url, '')) + length(coalesce(hashtag, '')) + length(coalesce(mention, '')) + length(coalesce(reshare_of, '')))
      FROM read_csv('${file}', header=true, all_varchar=true, auto_detect=false, delim=',', quote='"', escape='"',
      columns={'id':'VARCHAR','account':'VARCHAR','ts':'VARCHAR','text':'VARCHAR','url':'VARCHAR','hashtag':'VARCHAR','mention':'VARCHAR','reshare_of':'VARCHAR'})`)
  } else {
    // Peak disk of DuckDB's spill directory, sampled every 200 ms.
    const spillDir = mkdtempSync(join(dirname(file), 'spill-'))
    const sample = setInterval(() => {
      spillBytes = Math.max(spillBytes, diskUsed(spillDir))
    }, 200)
    const signals: DetectSignal[] =
      mode === 'similar'
        ? ['co-similar-text']
        : // The six the generated dump has fields for (it has no replies, images or profiles).
          Signals.options.filter((s) => !['co-similar-text', 'co-reply', 'co-image', 'co-profile'].includes(s))
    await runDetection(
      {
        files: [file],
        map: parseFieldMap(GENERATED_MAP),
        signals,
        window: 60,
        minRepeat: 2,
        weight: 'objects',
        similarity: 0.8,
        strict: false,
        spillDir,
      },
      onStage,
    )
    onStage('end')
    clearInterval(sample)
    rmSync(spillDir, { recursive: true, force: true })
  }
  const seconds = (performance.now() - started) / 1000
  console.log(JSON.stringify({ seconds, stages, maxRssMiB: process.resourceUsage().maxRSS / 1024, spillMiB: spillBytes / 2 ** 20 }))
}

let spillBytes = 0

function diskUsed(dir: string): number {
  try {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .reduce((sum, e) => sum + (statSync(join(e.parentPath, e.name), { throwIfNoEntry: false })?.size ?? 0), 0)
  } catch {
    return 0
  }
}

function measure(mode: string, file: string): { seconds: number; stages: Record<string, number>; maxRssMiB: number; spillMiB: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', mode, file], { encoding: 'utf8', env: process.env })
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}')
}

async function main(): Promise<void> {
  const sizes = (process.env.VIGIL_BENCH_SIZES ?? '100000,1000000').split(',').map(Number)
  const dir = process.env.VIGIL_BENCH_DIR ?? join(tmpdir(), 'vigil-bench')
  mkdirSync(dir, { recursive: true })
  console.log(
    'posts | scan floor s | detect s (6 signals) | × floor | posts/s | peak RSS MiB | spill MiB | similar-text run s | its MinHash/LSH stage s | stage posts/s | peak RSS MiB',
  )
  for (const size of sizes) {
    const file = join(dir, `dump-${size}-seed1-v2.csv`)
    if (!existsSync(file)) await generateDump(file, { posts: size, seed: 1 })
    const scan = process.env.VIGIL_BENCH_SCAN === '0' ? undefined : measure('scan', file)
    const all = measure('all', file)
    // VIGIL_BENCH_SIMILAR=0 leaves the similar-text run out (the long runs of the largest sizes).
    const similar = process.env.VIGIL_BENCH_SIMILAR === '0' ? undefined : measure('similar', file)
    console.log(
      [
        size,
        scan ? scan.seconds.toFixed(2) : '-',
        all.seconds.toFixed(2),
        scan ? (all.seconds / scan.seconds).toFixed(1) : '-',
        Math.round(size / all.seconds),
        Math.round(all.maxRssMiB),
        Math.round(all.spillMiB),
        ...(similar
          ? [
              similar.seconds.toFixed(2),
              (similar.stages['similar text'] ?? 0).toFixed(2),
              Math.round(size / (similar.stages['similar text'] ?? 1)),
              Math.round(similar.maxRssMiB),
            ]
          : ['-', '-', '-', '-']),
      ].join(' | '),
    )
    console.log(`  stages (s), 6 signals: ${JSON.stringify(all.stages)}`)
    if (similar) console.log(`  stages (s), similar text: ${JSON.stringify(similar.stages)}`)
  }
}

const [flag, mode, file] = process.argv.slice(2)
if (flag === '--child' && mode && file) await child(mode, file)
else await main()
