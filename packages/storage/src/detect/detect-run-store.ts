import {
  DetectionRun,
  type DetectParams,
  type DetectRunFile,
  DetectRunSummary,
  DetectSignal,
  type OrgId,
  type TriageInput,
  type UserId,
} from '@vigil/contracts'
import { allowAccount, type DetectUser, triageNetwork, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createDetectDecisions } from './detect-run-decisions.js'
import { createDetectReads } from './detect-run-publications.js'
import { createDetectResults } from './detect-run-results.js'
import { hasNetwork } from './detect-run-rows.js'
import { DETECT_STAGES, type Detection } from './run-detection.js'

/** A run as the job sees it: whose it is, what to read and how. */
export interface RunJobInput {
  readonly orgId: OrgId
  readonly status: DetectionRun['status']
  readonly files: readonly DetectRunFile[]
  readonly params: DetectParams
}

const ROWS_PER_INSERT = 1000
const STAGE_COUNT = DETECT_STAGES.length + 1

function iso(d: Date | null): string | undefined {
  return d ? new Date(d).toISOString() : undefined
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT))
  return out
}

function topLabel(labels: Readonly<Record<string, number>> | undefined): string | null {
  const best = Object.entries(labels ?? {}).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]
  return best ? best[0] : null
}

/**
 * Detection runs as the job and other contexts read them: the run's lifecycle, its results
 * and decisions, each read limited to the organisation it names (the job acts for the system;
 * disclosures read their source run for their author's organisation). What users do goes
 * through core's use cases over `createDetectStore` (`detect-store.ts`), which takes the actor.
 */
export function createDetectRunStore(db: Kysely<Database>) {
  const runStore = createRunLifecycle(db)
  return {
    ...runStore,
    ...createDetectResults(db, runStore.getRun),
    ...createDetectReads(db),
    ...decisionAliases(db),
  }
}

/**
 * Triage and allowlisting by an actor, as the store offered them before core's use cases
 * took them over: thin aliases of `triageNetwork` and `allowAccount` (same checks, same audit
 * entries), kept for fixtures and other contexts' tests.
 */
function decisionAliases(db: Kysely<Database>) {
  const decisions = createDetectDecisions(db)
  const deps = (now: Date) => ({
    store: {
      ...decisions,
      hasNetwork: (actor: DetectUser, runId: string, networkId: string) => hasNetwork(db, actor.orgId, runId, networkId),
    },
    clock: { now: () => now },
  })
  return {
    /** @deprecated use core's `triageNetwork` */
    triage: (actor: DetectUser, runId: string, networkId: string, input: TriageInput, now: Date) =>
      triageNetwork(deps(now), actor, runId, networkId, input),
    /** @deprecated use core's `allowAccount` */
    allow: (actor: DetectUser, account: string, note: string, now: Date) => allowAccount(deps(now), actor, account, note),
  }
}

/** Inserts a run row, queued (the caller audits it). */
export async function insertRunRow(
  db: Kysely<Database>,
  input: { id: string; orgId: OrgId; createdBy: UserId; files: readonly DetectRunFile[]; params: DetectParams; now: Date },
): Promise<void> {
  await db
    .insertInto('detect_runs')
    .values({
      id: input.id,
      org_id: input.orgId,
      created_by: input.createdBy,
      status: 'queued',
      stage: 'queued',
      stage_index: 0,
      files: JSON.stringify(input.files),
      params: JSON.stringify(input.params),
      created_at: input.now,
    })
    .execute()
}

/** Runs from creation to completion: what the routes list and the job claims, advances and finishes. */
function createRunLifecycle(db: Kysely<Database>) {
  const runs = () =>
    db
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

  type RunRow = Awaited<ReturnType<ReturnType<typeof runs>['executeTakeFirstOrThrow']>>
  const toRun = (r: RunRow): DetectionRun =>
    DetectionRun.parse({
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

  return {
    /** Records a new run, queued, unaudited: for fixtures; users start runs through core's `startDetectRun`. */
    async createRun(input: {
      id: string
      orgId: OrgId
      createdBy: UserId
      files: readonly DetectRunFile[]
      params: DetectParams
      now: Date
    }): Promise<DetectionRun> {
      await insertRunRow(db, input)
      return toRun(await runs().where('r.id', '=', input.id).executeTakeFirstOrThrow())
    },

    /** The organisation's runs, newest first. */
    async listRuns(orgId: OrgId): Promise<DetectionRun[]> {
      const rows = await runs().where('r.org_id', '=', orgId).orderBy('r.created_at', 'desc').orderBy('r.id').limit(500).execute()
      return rows.map(toRun)
    },

    /** @throws VigilError `NOT_FOUND` when the run is not the organisation's. */
    async getRun(orgId: OrgId, runId: string): Promise<DetectionRun> {
      const row = await runs().where('r.id', '=', runId).where('r.org_id', '=', orgId).executeTakeFirst()
      if (!row) throw new VigilError('NOT_FOUND', 'no such detection run')
      return toRun(row)
    },

    /** The SHA-256 of every dump a queued or running run still reads (across organisations). */
    async dumpsInUse(): Promise<Set<string>> {
      const rows = await db.selectFrom('detect_runs').select('files').where('status', 'in', ['queued', 'running']).execute()
      return new Set(rows.flatMap((r) => r.files.map((f) => f.sha256)))
    },

    /** What the job needs to run `runId` (no organisation check: the job acts for the system). */
    async jobInput(runId: string): Promise<RunJobInput | undefined> {
      const row = await db
        .selectFrom('detect_runs')
        .select(['org_id', 'status', 'files', 'params'])
        .where('id', '=', runId)
        .executeTakeFirst()
      if (!row) return undefined
      return {
        orgId: row.org_id,
        status: row.status,
        files: row.files,
        params: row.params,
      }
    },

    /** Marks the run running on `workerId`; false when it is already finished. */
    async claimRun(runId: string, workerId: string, now: Date): Promise<boolean> {
      const r = await db
        .updateTable('detect_runs')
        .set({ status: 'running', stage: DETECT_STAGES[0], stage_index: 0, started_at: now, worker_id: workerId, heartbeat_at: now })
        .where('id', '=', runId)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst()
      return r.numUpdatedRows > 0n
    },

    async setStage(runId: string, workerId: string, stage: string, index: number, now: Date): Promise<void> {
      await db
        .updateTable('detect_runs')
        .set({ stage, stage_index: index, heartbeat_at: now })
        .where('id', '=', runId)
        .where('worker_id', '=', workerId)
        .where('status', '=', 'running')
        .execute()
    },

    /** Tells other instances that `workerId` is alive and still running its runs. */
    async heartbeat(workerId: string, now: Date): Promise<void> {
      await db
        .updateTable('detect_runs')
        .set({ heartbeat_at: now })
        .where('worker_id', '=', workerId)
        .where('status', '=', 'running')
        .execute()
    },

    /**
     * Writes the run's networks, members and edges and marks it completed, all in one
     * transaction: a crash leaves none of it. Whatever an earlier attempt left is replaced,
     * and a worker that lost the run (another took it over) writes nothing.
     */
    async completeRun(runId: string, workerId: string, detection: Detection, now: Date): Promise<boolean> {
      const file = detection.networks
      const summary = DetectRunSummary.parse({
        run: file.run,
        edges: file.edges,
        networks: file.networks.length,
        flaggedAccounts: new Set(file.networks.flatMap((n) => n.members)).size,
      })
      return db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('detect_runs')
          .set({
            status: 'completed',
            stage: 'done',
            stage_index: STAGE_COUNT - 1,
            finished_at: now,
            summary: JSON.stringify(summary),
            error: null,
            heartbeat_at: now,
          })
          .where('id', '=', runId)
          .where('worker_id', '=', workerId)
          .where('status', '=', 'running')
          .executeTakeFirst()
        if (done.numUpdatedRows === 0n) return false
        await trx.deleteFrom('detect_networks').where('run_id', '=', runId).execute()
        for (const part of chunks(file.networks)) {
          await trx
            .insertInto('detect_networks')
            .values(
              part.map((n) => ({
                run_id: runId,
                id: n.id,
                score: n.score.score,
                member_count: n.members.length,
                label: topLabel(n.labels),
                network: JSON.stringify(n),
              })),
            )
            .execute()
        }
        const members = file.networks.flatMap((n) =>
          n.members.map((account) => {
            const a = detection.activity.get(account)
            return { run_id: runId, network_id: n.id, account, posts: a?.posts ?? 0, coordinated_posts: a?.coordinatedPosts ?? 0 }
          }),
        )
        for (const part of chunks(members)) await trx.insertInto('detect_members').values(part).execute()
        const edges = file.networks.flatMap((n) =>
          n.edges.flatMap((e) =>
            Object.entries(e.signals).map(([signal, weight]) => ({
              run_id: runId,
              network_id: n.id,
              a: e.a,
              b: e.b,
              signal: DetectSignal.parse(signal),
              weight,
            })),
          ),
        )
        for (const part of chunks(edges)) {
          await trx
            .insertInto('detect_edges')
            .values(part)
            .onConflict((oc) => oc.doNothing())
            .execute()
        }
        return true
      })
    },

    /**
     * Records a failed attempt: `final` when no retry is left, else the run waits for its
     * retry. With `workerId`, only while that worker still holds the run.
     */
    async failRun(runId: string, error: string, final: boolean, now: Date, workerId?: string): Promise<void> {
      await db
        .updateTable('detect_runs')
        .set({
          status: final ? 'failed' : 'queued',
          stage: final ? 'failed' : 'queued',
          error: error.slice(0, 2000),
          worker_id: null,
          ...(final ? { finished_at: now } : {}),
        })
        .where('id', '=', runId)
        .where('status', 'in', ['queued', 'running'])
        .$if(workerId !== undefined, (q) => q.where('worker_id', '=', workerId as string))
        .execute()
    },

    /** The ids of the runs waiting in the queue. */
    async queuedRuns(): Promise<string[]> {
      const rows = await db.selectFrom('detect_runs').select('id').where('status', '=', 'queued').orderBy('created_at').execute()
      return rows.map((r) => r.id)
    },

    /** Runs marked running whose worker is not `liveWorkerId` and has not been heard from since `staleBefore`. */
    async orphanedRuns(liveWorkerId: string, staleBefore: Date): Promise<{ id: string; workerId: string | null }[]> {
      const rows = await db
        .selectFrom('detect_runs')
        .select(['id', 'worker_id'])
        .where('status', '=', 'running')
        .where((eb) => eb.or([eb('worker_id', 'is', null), eb('worker_id', '<>', liveWorkerId)]))
        .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
        .execute()
      return rows.map((r) => ({ id: r.id, workerId: r.worker_id }))
    },
  }
}

/** The store of server-side detection runs. */
export type DetectRunStore = ReturnType<typeof createDetectRunStore>
