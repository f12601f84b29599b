// `npm run bench -- faults`: `kill -9` of `vigil serve` during a TAXII add, a REST import,
// the write of a detection run's results and an audit append (packages/cli/src/test-support/
// serve-faults.ts), on PGlite and, with VIGIL_BENCH_DATABASE_URL, on PostgreSQL. Prints what
// each kill left stored, what was half-written (must be 0), the plain restart's time to a
// 200 from /readyz (the aim: 5 s), and the audit chain's verdict. VIGIL_FAULTS_RUNS kills of
// each (default 3). Runs the built CLI: needs `npm run build`; the detection run reads the
// German elections dump under VIGIL_SHARED_DIR. Exits 1 on anything half-written or a broken chain.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GERMAN_ELECTIONS_MAP } from '@vigil/contracts/test-support'
import {
  createFaultStore,
  FAULT_WRITES,
  type FaultOutcome,
  faultScenario,
  killDuringWrite,
} from '../packages/cli/src/test-support/serve-faults.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const bin = `${root}packages/cli/bin/vigil.js`
const runs = Number(process.env.VIGIL_FAULTS_RUNS ?? 3)
const dumpPath = join(process.env.VIGIL_SHARED_DIR ?? join(root, '../shared'), 'data/cib/coortweet/german_elections.csv')
const targets = [
  { kind: 'pglite', url: undefined },
  ...(process.env.VIGIL_BENCH_DATABASE_URL ? [{ kind: 'postgres', url: process.env.VIGIL_BENCH_DATABASE_URL }] : []),
]
// The served CLI refuses VIGIL_ settings it does not know, and it inherits this environment.
delete process.env.VIGIL_BENCH_DATABASE_URL
delete process.env.VIGIL_FAULTS_RUNS
const writes = FAULT_WRITES.filter((w) => w !== 'detect-results' || existsSync(dumpPath))
if (!existsSync(`${root}packages/cli/dist/main.js`)) {
  console.error('faults: build first (npm run build)')
  process.exit(2)
}
if (writes.length < FAULT_WRITES.length) console.log(`(no ${dumpPath}: the detection run is skipped)`)

let failed = 0
for (const target of targets)
  for (const write of writes) {
    const outcomes: FaultOutcome[] = []
    for (let i = 0; i < runs; i++) {
      const store = await createFaultStore(target.url)
      try {
        const scenario = await faultScenario(store, write, { dumpPath, params: { map: GERMAN_ELECTIONS_MAP, window: 30, minRepeat: 3 } })
        outcomes.push(await killDuringWrite(store, scenario, write, { bin }))
      } finally {
        await store.remove()
      }
    }
    const ms = outcomes.map((o) => o.restartMs).sort((a, b) => a - b)
    const half = outcomes.reduce((n, o) => n + o.halfWritten, 0)
    const broken = outcomes.filter((o) => !o.audit.ok).length
    const stored = outcomes.map((o) => `${o.stored}/${o.whole}→${o.afterRetry}`).join(', ')
    console.log(
      `${target.kind.padEnd(8)} ${write.padEnd(14)} kills ${runs}  half-written ${half}  chain ${broken ? `BROKEN ×${broken}` : 'verifies'}  ` +
        `restart to ready: median ${(ms[ms.length >> 1] ?? 0).toFixed(0)} ms, max ${(ms.at(-1) ?? 0).toFixed(0)} ms  (stored/whole→after retry: ${stored})`,
    )
    if (half || broken) failed++
  }
process.exit(failed ? 1 : 0)
