// `npm run bench -- fuzz`: every input boundary under generated input (bench/fuzz-boundaries.ts),
// VIGIL_FUZZ_RUNS cases each (default 10,000; VIGIL_FUZZ_DETECT_RUNS for the detect dumps, each
// a whole `vigil detect` run), seed VIGIL_FUZZ_SEED. PGlite in memory by default; set
// VIGIL_BENCH_DATABASE_URL to fuzz over PostgreSQL. VIGIL_FUZZ_ONLY=rest-bundle,… runs only
// those boundaries (one at a time leaves the machine to others between them). Exits 1 on any
// crash or partial write.
import { migrateOrThrow, openDatabase } from '@vigil/storage'
import { BOUNDARIES, createFuzzTarget } from './fuzz-boundaries.js'

const runs = Number(process.env.VIGIL_FUZZ_RUNS ?? 10_000)
const detectRuns = Number(process.env.VIGIL_FUZZ_DETECT_RUNS ?? runs)
const seed = Number(process.env.VIGIL_FUZZ_SEED ?? 42)
const only = process.env.VIGIL_FUZZ_ONLY?.split(',')
const unknown = only?.filter((b) => !(BOUNDARIES as readonly string[]).includes(b)) ?? []
if (unknown.length > 0) {
  console.error(`VIGIL_FUZZ_ONLY: no boundary ${unknown.join(', ')}; the boundaries are ${BOUNDARIES.join(', ')}`)
  process.exit(2)
}
const url = process.env.VIGIL_BENCH_DATABASE_URL
const database = await openDatabase(url ? { databaseUrl: url } : { memory: true })
await migrateOrThrow(database.db)
const target = await createFuzzTarget(database)
console.log(`database: ${database.kind}; ${runs} cases per boundary (${detectRuns} detect dumps), seed ${seed}`)
let failed = 0
for (const boundary of BOUNDARIES.filter((b) => !only || only.includes(b))) {
  const r = await target.fuzz(boundary, boundary === 'detect-dump' ? detectRuns : runs, seed)
  const answers = Object.entries(r.answers)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ')
  console.log(
    `${boundary.padEnd(16)} ${String(r.cases).padStart(6)} cases  crashes ${r.crashes}  partial writes ${r.partialWrites}  ${r.seconds.toFixed(0)} s  (${answers})`,
  )
  for (const e of r.examples) console.log(`  ${e}`)
  if (r.crashes || r.partialWrites) failed++
}
await target.close()
await database.close()
process.exit(failed ? 1 : 0)
