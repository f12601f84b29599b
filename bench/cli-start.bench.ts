// How soon the built `vigil` answers: `--help`, the first output of `detect` (on a terminal,
// through script(1), as a person sees it), and whole admin and assessment commands on an
// existing embedded store. Needs `npm run build`. Beside each, a bare `node -e 0`, so a
// loaded machine shows as such.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const bin = `${root}packages/cli/bin/vigil.js`
const dataDir = `${root}bench/.data/cli-start`
const RUNS = Number(process.env.CLI_START_RUNS ?? 5)

interface Timing {
  readonly first: number
  readonly exit: number
}

/** Milliseconds to the first byte on stdout or stderr, and to exit. */
function measure(command: string, args: readonly string[]): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const since = () => Number(process.hrtime.bigint() - t0) / 1e6
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let first: number | undefined
    const seen = () => {
      first ??= since()
    }
    child.stdout.on('data', seen)
    child.stderr.on('data', seen)
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}`))
      else resolve({ first: first ?? since(), exit: since() })
    })
  })
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

async function report(label: string, command: string, args: readonly string[]): Promise<void> {
  const timings: Timing[] = []
  for (let i = 0; i < RUNS; i++) timings.push(await measure(command, args))
  const first = median(timings.map((t) => t.first))
  const exit = median(timings.map((t) => t.exit))
  console.log(`${label}: first output ${first.toFixed(0)} ms, exit ${exit.toFixed(0)} ms (median of ${RUNS})`)
}

if (!existsSync(`${root}packages/cli/dist/main.js`)) throw new Error('run npm run build first')
await rm(dataDir, { recursive: true, force: true })
await mkdir(dataDir, { recursive: true })
await measure(process.execPath, [bin, 'migrate', '--data-dir', dataDir])

// A CooRTweet-shaped dump of three accounts resharing the same objects within seconds.
const dump = `${dataDir}/shares.csv`
const shares = ['O1', 'O2', 'O3'].flatMap((o, i) => ['A', 'B', 'C'].map((a, j) => `${o},${a},${o}${a},${i * 1000 + j * 5}`))
await writeFile(dump, ['object_id,account_id,content_id,timestamp_share', ...shares].join('\n'))
await report('node -e 0 (the floor)', process.execPath, ['-e', '0'])
await report('vigil --help', process.execPath, [bin, '--help'])
await report('vigil detect, to its first line on a terminal', 'script', [
  '-qefc',
  `${process.execPath} ${bin} detect ${dump} --out ${dataDir}/detect`,
  '/dev/null',
])
await report('vigil admin org list (existing PGlite store)', process.execPath, [bin, 'admin', 'org', 'list', '--data-dir', dataDir])
await report('vigil requests assess (existing PGlite store)', process.execPath, [
  bin,
  'requests',
  'assess',
  `${root}docs/examples/request-subpoena.json`,
  '--data-dir',
  dataDir,
])
await rm(dataDir, { recursive: true, force: true })
