import {
  type DetectionRun,
  type DetectParams,
  type DetectRunFile,
  DetectRunSummary,
  DetectSignal,
  type OrgId,
  type UserId,
} from '@vigil/contracts'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { allowlistOf } from './detect-run-publications.js'
import { STAGE_COUNT, selectRuns, toRun } from './detect-run-reads.js'
import { DETECT_STAGES, type Detection } from './run-detection.js'

/** A run as the job sees it: what to read and how, and the accounts its organisation allowlisted. */
export interface RunJobInput {
  readonly status: DetectionRun['status']
  readonly files: readonly DetectRunFile[]
  readonly params: DetectParams
  readonly excludeAccounts: ReadonlySet<string>
}

const ROWS_PER_INSERT = 1000

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT))
  return out
}

function topLabel(labels: Readonly<Record<string, number>> | undefined): string | null {
  const best = Object.entries(labels ?? {}).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]
  return best ? best[0] : null
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

/**
 * Detection runs as the job works them, acting for the system: claim, stages, results,
 * retries, and the dumps still needed. What users read takes the actor (`createDetectReads`);
 * what they do goes through core's use cases over `createDetectStore` (`detect-store.ts`).
 */
export function createDetectRunStore(db: Kysely<Database>) {
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
      return toRun(await selectRuns(db).where('r.id', '=', input.id).executeTakeFirstOrThrow())
    },

    /** The SHA-256 of every dump a queued or running run still reads (across organisations). */
    async dumpsInUse(): Promise<Set<string>> {
      const rows = await db.selectFrom('detect_runs').select('files').where('status', 'in', ['queued', 'running']).execute()
      return new Set(rows.flatMap((r) => r.files.map((f) => f.sha256)))
    },

    /** What the job needs to run `runId`, its organisation's allowlist with it (no organisation check: the job acts for the system). */
    async jobInput(runId: string): Promise<RunJobInput | undefined> {
      const row = await db
        .selectFrom('detect_runs')
        .select(['org_id', 'status', 'files', 'params'])
        .where('id', '=', runId)
        .executeTakeFirst()
      if (!row) return undefined
      return {
        status: row.status,
        files: row.files,
        params: row.params,
        excludeAccounts: await allowlistOf(db, row.org_id),
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
