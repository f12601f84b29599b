import type { NetworksFile } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { rerunDetectRun, rerunDraft, startDetectRun } from './detect-runs.js'
import { analyst, defaultParams, fakeDetectDeps } from './test-support/fake-detect-deps.js'

const file: NetworksFile = {
  version: 1,
  run: { files: [], posts: 0, accounts: 0, signals: [], params: { window: 60, minRepeat: 2, weight: 'objects', similarity: 0.8 } },
  edges: {},
  networks: [],
} as unknown as NetworksFile
const upload = { name: 'dump.csv', size: 3, sha256: 'a'.repeat(64) }

describe('startDetectRun', () => {
  it('stores the run with its audit event, then queues it', async () => {
    const { deps, state } = fakeDetectDeps(file)
    const run = await startDetectRun(deps, analyst, { uploaded: [upload] }, { ...defaultParams, window: 120 })
    expect(run.status).toBe('queued')
    expect(state.enqueued).toEqual([run.id])
    expect(state.audit).toEqual([
      {
        actor: analyst,
        action: 'detect.run.create',
        target: { type: 'detect-run', id: run.id },
        outcome: 'success',
        details: { files: [upload], params: { ...defaultParams, window: 120 } },
      },
    ])
  })

  it('copies server dumps in by name, and refuses no dump, too many, or no worker', async () => {
    const { deps, state } = fakeDetectDeps(file)
    const run = await startDetectRun(deps, analyst, { serverFiles: ['ira.csv'] }, defaultParams)
    expect(run.files.map((f) => f.name)).toEqual(['ira.csv'])
    await expect(startDetectRun(deps, analyst, { uploaded: [] }, defaultParams)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    const many = Array.from({ length: 21 }, () => upload)
    await expect(startDetectRun(deps, analyst, { uploaded: many }, defaultParams)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(startDetectRun(deps, analyst, { serverFiles: ['missing.csv'] }, defaultParams)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(startDetectRun({ ...deps, queue: undefined }, analyst, { uploaded: [upload] }, defaultParams)).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    })
    expect(state.runs).toHaveLength(1)
  })

  it('is for users whose role runs detection', async () => {
    const { deps, state } = fakeDetectDeps(file)
    for (const actor of [
      { ...analyst, roles: ['requester' as const] },
      { kind: 'system' as const, name: 'job' },
    ])
      await expect(startDetectRun(deps, actor, { uploaded: [upload] }, defaultParams)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' })
    expect(state.runs).toEqual([])
  })
})

describe('rerunDetectRun', () => {
  async function failedRun() {
    const f = fakeDetectDeps(file)
    const run = await startDetectRun(f.deps, analyst, { uploaded: [upload] }, defaultParams)
    Object.assign(f.state.runs[0] ?? {}, { status: 'failed', error: 'no account column' })
    return { ...f, run }
  }

  it('starts a new run over the kept dumps with the edited parameters, audited as a run creation naming the first', async () => {
    const { deps, state, run } = await failedRun()
    state.keptDumps.add(upload.sha256)
    const draft = await rerunDraft(deps, analyst, run.id)
    expect(draft).toMatchObject({ runId: run.id, status: 'failed', error: 'no account column', files: [{ ...upload, kept: true }] })
    const again = await rerunDetectRun(deps, analyst, run.id, { ...defaultParams, map: { account: 'user' } })
    expect(again.id).not.toBe(run.id)
    expect(again.files).toEqual([upload])
    expect(again.params.map).toEqual({ account: 'user' })
    expect(state.enqueued).toEqual([run.id, again.id])
    expect(state.audit.at(-1)).toMatchObject({ action: 'detect.run.create', details: { rerunOf: run.id } })
    expect(state.runs[0]?.status).toBe('failed')
  })

  it('asks for the dump again once it is gone, and waits for a run still going', async () => {
    const { deps, state, run } = await failedRun()
    expect((await rerunDraft(deps, analyst, run.id)).files).toEqual([{ ...upload, kept: false }])
    await expect(rerunDetectRun(deps, analyst, run.id, defaultParams)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { file: 'dump.csv' },
    })
    state.keptDumps.add(upload.sha256)
    Object.assign(state.runs[0] ?? {}, { status: 'running' })
    await expect(rerunDetectRun(deps, analyst, run.id, defaultParams)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(state.runs).toHaveLength(1)
  })

  it("never re-runs another organisation's run", async () => {
    const { deps, state, run } = await failedRun()
    state.keptDumps.add(upload.sha256)
    const stranger = { ...analyst, orgId: '00000000-0000-4000-8000-0000000000ff' as typeof analyst.orgId }
    await expect(rerunDetectRun(deps, stranger, run.id, defaultParams)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(rerunDraft(deps, stranger, run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
