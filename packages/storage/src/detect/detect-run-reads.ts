import { DetectionRun } from '@vigil/contracts'
import { type DetectUser, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createDecisionReads } from './detect-run-publications.js'
import { createDetectResults } from './detect-run-results.js'
import { hasNetwork } from './detect-run-rows.js'
import { DETECT_STAGES } from './run-detection.js'

/** The job's stages, with the last (`done`). */
export const STAGE_COUNT = DETECT_STAGES.length + 1

function iso(d: Date | null): string | undefined {
  return d ? new Date(d).toISOString() : undefined
}

/** Runs as users see them: with the e-mail of who started each. */
export function selectRuns(db: Kysely<Database>) {
  return db
    .selectFrom('detect_runs as r')
    .innerJoin('users as u', 'u.id', 'r.created_by')
    .select([
      'r.id',
      'r.status',
      'r.stage',
      'r.stage_index',
      'r.files',
      'r.params',
      'r.created_at',
      'r.started_at',
      'r.finished_at',
      'r.summary',
      'r.error',
      'u.email',
    ])
}

type RunRow = Awaited<ReturnType<ReturnType<typeof selectRuns>['executeTakeFirstOrThrow']>>

export function toRun(r: RunRow): DetectionRun {
  return DetectionRun.parse({
    id: r.id,
    status: r.status,
    stage: r.stage,
    stageIndex: r.stage_index,
    stageCount: STAGE_COUNT,
    files: r.files,
    params: r.params,
    createdAt: iso(r.created_at),
    createdBy: r.email,
    ...(r.started_at ? { startedAt: iso(r.started_at) } : {}),
    ...(r.finished_at ? { finishedAt: iso(r.finished_at) } : {}),
    ...(r.summary ? { summary: r.summary } : {}),
    ...(r.error ? { error: r.error } : {}),
  })
}

/**
 * What users read of detection runs: their runs, results, triage and allowlist. Every read
 * takes the acting user and is limited to its organisation in SQL (an unknown run and
 * another organisation's answer alike, `NOT_FOUND`): the reads of core's `DetectStore`, which
 * disclosures and live alerts call as well, and the export's `outputs`.
 *
 * @example
 * const run = await createDetectReads(db).getRun(analyst, runId)
 */
export function createDetectReads(db: Kysely<Database>) {
  /** @throws VigilError `NOT_FOUND` when the run is not the actor's organisation's. */
  async function getRun(actor: DetectUser, runId: string): Promise<DetectionRun> {
    const row = await selectRuns(db).where('r.id', '=', runId).where('r.org_id', '=', actor.orgId).executeTakeFirst()
    if (!row) throw new VigilError('NOT_FOUND', 'no such detection run')
    return toRun(row)
  }
  return {
    /** The organisation's runs, newest first. */
    async listRuns(actor: DetectUser): Promise<DetectionRun[]> {
      const rows = await selectRuns(db)
        .where('r.org_id', '=', actor.orgId)
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id')
        .limit(500)
        .execute()
      return rows.map(toRun)
    },
    getRun,
    hasNetwork: (actor: DetectUser, runId: string, networkId: string) => hasNetwork(db, actor, runId, networkId),
    ...createDetectResults(db, getRun),
    ...createDecisionReads(db),
  }
}

/** What users read of detection runs. */
export type DetectReads = ReturnType<typeof createDetectReads>
