// `npm run bench -- detect-server`: what running detection on the server costs beyond the
// detection itself. On the generated dump (detect-generate.ts, seed 1) it times, in one
// process on embedded PGlite (in memory, the default a server runs on): the
// same six signals run directly (runDetection, as `vigil detect` does), then through the
// API — POST naming the dump in the server's dump directory (copied and hashed into the
// uploads), the pg-boss job, the run, and the one transaction that stores networks,
// members and edges — until GET says completed. Sizes: VIGIL_BENCH_SIZES (default 100000,1000000).
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DetectionRun, DetectSignal } from '@vigil/contracts'
import { parseFieldMap, systemClock } from '@vigil/core'
import { createDetectRunStore, migrateOrThrow, openDatabase, runDetection } from '@vigil/storage'
import { seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { pino } from 'pino'
import { startDetectQueue, uploadsDirOf } from '../packages/server/src/detect/detect-queue.js'
import { buildTestApp } from '../packages/server/src/test-support/test-app.js'
import { GENERATED_MAP, generateDump } from './detect-generate.js'

const SIGNALS = DetectSignal.options.filter((s) => s !== 'co-similar-text' && s !== 'co-reply' && s !== 'co-image')
const PARAMS = { map: parseFieldMap(GENERATED_MAP), signals: SIGNALS, window: 60, minRepeat: 2, weight: 'objects' as const }

const database = await openDatabase({ memory: true })
await migrateOrThrow(database.db)
const identity = testAuthDeps(database)
const analyst = await seedUser(identity, { roles: ['analyst'] })
const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-server-'))
const dumpDir = join(dataDir, 'dumps')
await mkdir(dumpDir)
const queue = await startDetectQueue({
  database,
  store: createDetectRunStore(database.db),
  uploadsDir: uploadsDirOf(dataDir),
  clock: systemClock,
  logger: pino({ enabled: false }),
  workerTimeoutSeconds: 600,
})
const app = await buildTestApp(database, {
  identity,
  env: { VIGIL_DATA_DIR: dataDir, VIGIL_DETECT_DIR: dumpDir, VIGIL_DETECT_UPLOAD_LIMIT: String(8 * 1024 ** 3) },
  detectQueue: queue,
})

console.log('posts | direct s | via the API s | overhead s | POST s | networks')
try {
  for (const size of (process.env.VIGIL_BENCH_SIZES ?? '100000,1000000').split(',').map(Number)) {
    const generated = join(tmpdir(), 'vigil-bench', `dump-${size}-seed1-v2.csv`)
    await mkdir(join(tmpdir(), 'vigil-bench'), { recursive: true })
    if (!existsSync(generated)) await generateDump(generated, { posts: size, seed: 1 })
    const name = `dump-${size}.csv`
    await copyFile(generated, join(dumpDir, name))

    let started = performance.now()
    const direct = await runDetection({ files: [generated], ...PARAMS, similarity: 0.8, strict: false })
    const directSeconds = (performance.now() - started) / 1000

    started = performance.now()
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/detect/runs',
      headers: analyst.headers,
      payload: { serverFiles: [name], params: PARAMS },
    })
    if (res.statusCode !== 202) throw new Error(`POST answered ${res.statusCode}: ${res.body}`)
    const postSeconds = (performance.now() - started) / 1000
    let run = DetectionRun.parse(res.json())
    while (run.status !== 'completed' && run.status !== 'failed') {
      await new Promise((r) => setTimeout(r, 100))
      run = DetectionRun.parse((await app.inject({ url: `/api/v1/detect/runs/${run.id}`, headers: analyst.headers })).json())
    }
    if (run.status === 'failed') throw new Error(`the run failed: ${run.error}`)
    const serverSeconds = (performance.now() - started) / 1000
    const networks = run.summary?.networks ?? 0
    if (networks !== direct.networks.networks.length)
      throw new Error(`${networks} networks via the API, ${direct.networks.networks.length} direct`)
    console.log(
      [size, directSeconds, serverSeconds, serverSeconds - directSeconds, postSeconds]
        .map((v, i) => (i === 0 ? String(v) : v.toFixed(2)))
        .concat(String(networks))
        .join(' | '),
    )
  }
} finally {
  await queue.stop()
  await app.close()
  await database.close()
  await rm(dataDir, { recursive: true, force: true })
}
