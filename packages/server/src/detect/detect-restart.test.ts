import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DetectionRun, RunNetworkDetail, RunNetworkList } from '@vigil/contracts'
import { describeWithShared, GERMAN_ELECTIONS_MAP } from '@vigil/contracts/test-support'
import { migrateOrThrow, openDatabase, runDetection } from '@vigil/storage'
import { createMigratedDataDir, createScratchDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, expect, it, vi } from 'vitest'
import { exitCode, serveVigil } from '../test-support/child-process.js'

const PARAMS = { map: GERMAN_ELECTIONS_MAP, window: 30, minRepeat: 3 }
const TARGETS = [
  { kind: 'pglite', enabled: true },
  { kind: 'postgres', enabled: process.env.VIGIL_TEST_DATABASE_URL !== undefined },
] as const

// A server killed in the middle of a run: the next start runs it again, and the run ends
// with exactly the networks an uninterrupted run finds, written once.
describeWithShared('a detection run across a server crash', 'data/cib/coortweet/german_elections.csv', (dumpPath) => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c()
  })

  for (const target of TARGETS) {
    it.runIf(target.enabled)(
      `resumes after SIGKILL on ${target.kind}`,
      async () => {
        // PGlite's store comes migrated from the run's dump; PostgreSQL's scratch database from its template.
        const dataDir = await (target.kind === 'pglite'
          ? createMigratedDataDir('vigil-restart-')
          : mkdtemp(join(tmpdir(), 'vigil-restart-')))
        cleanup.push(() => rm(dataDir, { recursive: true, force: true }))
        const env: Record<string, string> = { VIGIL_LOG_LEVEL: 'warn', VIGIL_DETECT_WORKER_TIMEOUT: '2' }
        if (target.kind === 'postgres') {
          const scratch = await createScratchDatabase()
          cleanup.push(() => scratch.drop())
          env.VIGIL_DATABASE_URL = scratch.url
        }
        const seeding =
          target.kind === 'postgres' ? await openDatabase({ databaseUrl: env.VIGIL_DATABASE_URL ?? '' }) : await openDatabase({ dataDir })
        let analyst: SeededUser
        try {
          await migrateOrThrow(seeding.db)
          analyst = await seedUser(testAuthDeps(seeding), { roles: ['analyst'] })
        } finally {
          await seeding.close()
        }

        // After a crash the new server takes the embedded database's lock at once (data-dir-lock.ts),
        // so one start must do.
        let server = await serveVigil(dataDir, env)
        const form = new FormData()
        form.append('params', JSON.stringify(PARAMS))
        form.append('dump', new Blob([await readFile(dumpPath)]), 'german_elections.csv')
        const started = await fetch(`${server.url}/api/v1/detect/runs`, { method: 'POST', headers: analyst.headers, body: form })
        expect(started.status).toBe(202)
        const { id } = DetectionRun.parse(await started.json())
        const runOf = async (): Promise<DetectionRun> =>
          DetectionRun.parse(await (await fetch(`${server.url}/api/v1/detect/runs/${id}`, { headers: analyst.headers })).json())

        const until = (done: (run: DetectionRun) => boolean, interval: number) =>
          vi.waitFor(
            async () => {
              const run = await runOf()
              if (!done(run)) throw new Error(`run ${id} is ${run.status}`)
              return run
            },
            { timeout: 120_000, interval },
          )
        const seen = await until((r) => r.status !== 'queued', 20)
        expect(seen.status).toBe('running')
        server.child.kill('SIGKILL')
        await exitCode(server.child)

        server = await serveVigil(dataDir, env)
        cleanup.push(() => server.stop())
        const run = await until((r) => r.status === 'completed' || r.status === 'failed', 200)
        expect(run.status, run.error).toBe('completed')
        expect(server.stderr.text()).toContain('put back in the queue')

        const clean = await runDetection({ files: [dumpPath], ...PARAMS, weight: 'objects', similarity: 0.8, strict: false })
        const expected = clean.networks.networks.map((n) => ({ id: n.id, members: [...n.members].sort() }))
        const { networks } = RunNetworkList.parse(
          await (await fetch(`${server.url}/api/v1/detect/runs/${id}/networks`, { headers: analyst.headers })).json(),
        )
        expect(networks).toHaveLength(expected.length)
        const got = []
        for (const n of networks) {
          const detail = RunNetworkDetail.parse(
            await (await fetch(`${server.url}/api/v1/detect/runs/${id}/networks/${n.id}`, { headers: analyst.headers })).json(),
          )
          got.push({ id: detail.id, members: detail.members.map((m) => m.account).sort() })
        }
        expect(got.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))).toEqual(expected)
        expect(run.summary?.networks).toBe(expected.length)
      },
      240_000,
    )
  }
})
