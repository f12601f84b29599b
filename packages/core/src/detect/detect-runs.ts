import { type DetectionRun, DetectParams, type DetectRunFile, DetectRunId, type RerunDraft } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import { requirePermission } from '../auth/require-permission.js'
import { VigilError } from '../shared/errors.js'
import type { DetectDeps, DetectUser } from './detect-ports.js'

/** How many dumps one run may read. */
export const MAX_RUN_DUMPS = 20

/** What a run reads: dumps already uploaded (hashed as they arrived) or named in the server's dump directory. */
export type RunDumps = { readonly uploaded: readonly DetectRunFile[] } | { readonly serverFiles: readonly string[] }

/**
 * The acting user of a detect use case, holding `permission`.
 *
 * @throws VigilError `AUTH_FORBIDDEN` for a system actor or a role without it
 * @example
 * const user = detectUser(actor, 'detect:read')
 */
export function detectUser(actor: Actor, permission: 'detect:run' | 'detect:read' | 'detect:triage' | 'detect:publish'): DetectUser {
  requirePermission(actor, permission)
  if (actor.kind !== 'user') throw new VigilError('AUTH_FORBIDDEN', 'detection runs belong to a user of an organisation')
  return actor
}

function runAudit(actor: DetectUser, runId: string, files: readonly DetectRunFile[], params: DetectParams, rerunOf?: string): AuditEvent {
  return {
    actor,
    action: 'detect.run.create',
    target: { type: 'detect-run', id: runId },
    outcome: 'success',
    details: { files: files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size })), params, ...(rerunOf ? { rerunOf } : {}) },
  }
}

async function createRun(
  deps: DetectDeps,
  user: DetectUser,
  files: readonly DetectRunFile[],
  params: DetectParams,
  rerunOf?: string,
): Promise<DetectionRun> {
  const queue = deps.queue
  if (!queue) throw new VigilError('STORAGE_UNAVAILABLE', 'detection jobs do not run on this server')
  const id = DetectRunId.parse(deps.random.uuid())
  const run = await deps.store.insertRun(user, { id, files, params }, runAudit(user, id, files, params, rerunOf), deps.clock.now())
  await queue.enqueue(run.id)
  return run
}

/**
 * Starts a detection run over uploaded dumps or dumps of the server's dump directory (copied
 * in by content), audited as `detect.run.create`, and queues its job.
 *
 * @throws VigilError `VALIDATION_FAILED` without a dump or with more than {@link MAX_RUN_DUMPS};
 * `STORAGE_UNAVAILABLE` where no worker runs
 * @example
 * const run = await startDetectRun(deps, actor, { serverFiles: ['ira.csv.gz'] }, DetectParams.parse({}))
 */
export async function startDetectRun(deps: DetectDeps, actor: Actor, dumps: RunDumps, params: DetectParams): Promise<DetectionRun> {
  const user = detectUser(actor, 'detect:run')
  if (!deps.queue) throw new VigilError('STORAGE_UNAVAILABLE', 'detection jobs do not run on this server')
  const count = 'uploaded' in dumps ? dumps.uploaded.length : dumps.serverFiles.length
  if (count === 0) throw new VigilError('VALIDATION_FAILED', 'send at least one "dump" file')
  if (count > MAX_RUN_DUMPS) throw new VigilError('VALIDATION_FAILED', `a run reads at most ${MAX_RUN_DUMPS} dumps`)
  const files: DetectRunFile[] = []
  if ('uploaded' in dumps) files.push(...dumps.uploaded)
  else for (const name of dumps.serverFiles) files.push(await deps.dumps.importServerDump(name))
  return createRun(deps, user, files, DetectParams.parse(params))
}

/**
 * What re-running a run starts from: its parameters and its dumps, each with whether it is
 * still kept (uploads are deleted once no queued or running run reads them).
 *
 * @example
 * const draft = await rerunDraft(deps, actor, failedRunId)
 */
export async function rerunDraft(deps: DetectDeps, actor: Actor, runId: string): Promise<RerunDraft> {
  const user = detectUser(actor, 'detect:run')
  const run = await deps.store.getRun(user, runId)
  const files = await Promise.all(run.files.map(async (f) => ({ ...f, kept: await deps.store.isDumpKept(f) })))
  return { runId: run.id, status: run.status, ...(run.error ? { error: run.error } : {}), params: run.params, files }
}

/**
 * Starts a new run over the dumps an earlier run of the organisation read, with edited
 * parameters (a failed run, edited and run again). The earlier run stays as it was.
 *
 * @throws VigilError `CONFLICT` when a dump is no longer kept (upload it again with
 * {@link startDetectRun}), or the run is still queued or running
 * @example
 * const run = await rerunDetectRun(deps, actor, failedRunId, { ...failed.params, map: { account: 'user' } })
 */
export async function rerunDetectRun(deps: DetectDeps, actor: Actor, runId: string, params: DetectParams): Promise<DetectionRun> {
  const user = detectUser(actor, 'detect:run')
  const run = await deps.store.getRun(user, runId)
  if (run.status === 'queued' || run.status === 'running')
    throw new VigilError('CONFLICT', 'the run has not finished; wait for it or start another')
  for (const f of run.files) {
    if (!(await deps.store.isDumpKept(f)))
      throw new VigilError('CONFLICT', `the dump ${f.name} is no longer kept; upload it again`, { file: f.name })
  }
  return createRun(deps, user, run.files, DetectParams.parse(params), run.id)
}
