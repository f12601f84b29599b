import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DetectionRun, RerunDraft } from '@vigil/contracts'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildDetectTestApp } from '../test-support/test-app.js'
import { type DetectQueue, uploadsDirOf } from './detect-queue.js'

/** A generic dump that only a mapping explains: four accounts resharing six posts within 20 s. */
function genericDump(): string {
  const rows = ['user,posted,shared_post']
  for (let o = 0; o < 6; o++) for (let a = 1; a <= 4; a++) rows.push(`op-${a},${1_700_000_000 + o * 7200 + a * 5},post-${o}`)
  return `${rows.join('\n')}\n`
}
const BAD = { map: { account: 'user', time: 'when', reshare_of: 'shared_post' }, window: 90 }
const GOOD = { map: { account: 'user', time: 'posted', reshare_of: 'shared_post' }, window: 90 }

describeEachDatabase('a failed run, edited and run again', (database) => {
  const dataDir = join(tmpdir(), `vigil-rerun-${randomUUID()}`)
  let app: VigilApp
  let queue: DetectQueue
  let analyst: SeededUser
  let outsider: SeededUser

  const finished = (id: string, as: SeededUser = analyst): Promise<DetectionRun> =>
    vi.waitFor(
      async () => {
        const run = DetectionRun.parse((await app.inject({ url: `/api/v1/detect/runs/${id}`, headers: as.headers })).json())
        if (run.status !== 'completed' && run.status !== 'failed') throw new Error(`run ${id} is ${run.status}`)
        return run
      },
      { timeout: 120_000, interval: 100 },
    )
  const audited = async (action: string, id: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from audit_log where action = ${action} and target_id = ${id}`.execute(
        database().db,
      )
    ).rows[0]?.n

  beforeAll(async () => {
    const identity = testAuthDeps(database())
    ;({ app, queue } = await buildDetectTestApp(database(), identity, dataDir))
    analyst = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
    outsider = await seedUser(identity, { roles: ['analyst'] })
  }, 120_000)
  afterAll(async () => {
    await queue?.stop()
    await app?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('re-runs the failed run over its kept dump with edited parameters: a new, audited run that completes', async () => {
    const form = new FormData()
    form.append('params', JSON.stringify(BAD))
    form.append('dump', new Blob([genericDump()]), 'generic.csv')
    const res = await app.inject({ method: 'POST', url: '/api/v1/detect/runs', headers: analyst.headers, payload: form })
    expect(res.statusCode, res.body).toBe(202)
    const first = DetectionRun.parse(res.json())
    expect(await audited('detect.run.create', first.id)).toBe(1)
    const failed = await finished(first.id)
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('when') })

    const url = `/api/v1/detect/runs/${first.id}/rerun`
    expect((await app.inject({ url, headers: outsider.headers })).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url, headers: outsider.headers, payload: { params: GOOD } })).statusCode).toBe(404)
    const draft = RerunDraft.parse((await app.inject({ url, headers: analyst.headers })).json())
    expect(draft).toMatchObject({ runId: first.id, status: 'failed', params: BAD, files: [{ name: 'generic.csv', kept: true }] })

    const again = await app.inject({ method: 'POST', url, headers: analyst.headers, payload: { params: GOOD } })
    expect(again.statusCode, again.body).toBe(202)
    const second = DetectionRun.parse(again.json())
    expect(second.id).not.toBe(first.id)
    expect(second.files).toEqual(first.files)
    expect(await audited('detect.run.create', second.id)).toBe(1)
    expect(await finished(second.id)).toMatchObject({ status: 'completed', summary: { networks: 1, flaggedAccounts: 4 } })
    expect((await finished(first.id)).status).toBe('failed')

    // Once the dump is gone, the server asks for it again rather than starting a run that cannot read it.
    await rm(uploadsDirOf(dataDir), { recursive: true, force: true })
    expect(RerunDraft.parse((await app.inject({ url, headers: analyst.headers })).json()).files[0]?.kept).toBe(false)
    const gone = await app.inject({ method: 'POST', url, headers: analyst.headers, payload: { params: GOOD } })
    expect(gone.statusCode).toBe(409)
    expect(gone.json()).toMatchObject({ error: { code: 'CONFLICT', details: { file: 'generic.csv' } } })
  }, 300_000)
})
