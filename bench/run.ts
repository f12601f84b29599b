// `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line)
// and prints their results; docs/BENCHMARKS.md records them with the machine they ran on.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const wanted = process.argv.slice(2)
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort()

if (benches.length === 0) {
  console.error(wanted.length ? `no benchmark matches ${wanted.join(', ')}` : 'no benchmarks in bench/')
  process.exit(wanted.length ? 2 : 0)
}
let failed = 0
for (const bench of benches) {
  console.log(`\n== ${bench}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', `${dir}${bench}`], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('../tsconfig.tests.json', import.meta.url)) },
  })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
