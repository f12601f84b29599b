import {
  type AllowlistEntry,
  DetectedNetwork,
  DetectionRun,
  DetectParams,
  type DetectRunFile,
  DetectRunSummary,
  type NetworksFile,
  type OrgId,
  type RunGraph,
  type RunNetworkDetail,
  type RunNetworkSummary,
  type TriageDecision,
  type TriageInput,
  TriageStatus,
  type UserId,
} from '@vigil/contracts'
import { type Actor, proposedTechniques, VigilError } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
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

const parseJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v)

/**
 * Detection runs, their networks, triage decisions and each organisation's allowlist.
 * Every read names the organisation, so one organisation never sees another's runs.
 */
export function createDetectRunStore(db: Kysely<Database>) {
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
      files: parseJson(r.files),
      params: parseJson(r.params),
      createdAt: iso(r.created_at),
      createdBy: r.email,
      ...(r.started_at ? { startedAt: iso(r.started_at) } : {}),
      ...(r.finished_at ? { finishedAt: iso(r.finished_at) } : {}),
      ...(r.summary ? { summary: parseJson(r.summary) } : {}),
      ...(r.error ? { error: r.error } : {}),
    })

  async function ownRun(orgId: OrgId, runId: string): Promise<void> {
    const row = await db.selectFrom('detect_runs').select('id').where('id', '=', runId).where('org_id', '=', orgId).executeTakeFirst()
    if (!row) throw new VigilError('NOT_FOUND', 'no such detection run')
  }

  async function ownNetwork(orgId: OrgId, runId: string, networkId: string): Promise<{ network: unknown; score: number }> {
    const row = await db
      .selectFrom('detect_networks as n')
      .innerJoin('detect_runs as r', 'r.id', 'n.run_id')
      .select(['n.network', 'n.score'])
      .where('r.org_id', '=', orgId)
      .where('n.run_id', '=', runId)
      .where('n.id', '=', networkId)
      .executeTakeFirst()
    if (!row) throw new VigilError('NOT_FOUND', 'no such network in this run')
    return row
  }

  const triageRows = (runId: string) =>
    db
      .selectFrom('detect_triage as t')
      .innerJoin('users as u', 'u.id', 't.decided_by')
      .select(['t.network_id', 't.status', 't.note', 't.decided_at', 'u.email', 't.seq'])
      .where('t.run_id', '=', runId)
  const toDecision = (t: { status: string; note: string; email: string; decided_at: Date }): TriageDecision => ({
    status: TriageStatus.parse(t.status),
    note: t.note,
    by: t.email,
    at: new Date(t.decided_at).toISOString(),
  })

  return {
    /** Records a new run, queued. */
    async createRun(input: {
      id: string
      orgId: OrgId
      createdBy: UserId
      files: readonly DetectRunFile[]
      params: DetectParams
      now: Date
    }): Promise<DetectionRun> {
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

    /** What the job needs to run `runId` (no organisation check: the job acts for the system). */
    async jobInput(runId: string): Promise<RunJobInput | undefined> {
      const row = await db
        .selectFrom('detect_runs')
        .select(['org_id', 'status', 'files', 'params'])
        .where('id', '=', runId)
        .executeTakeFirst()
      if (!row) return undefined
      return {
        orgId: row.org_id as OrgId,
        status: row.status as DetectionRun['status'],
        files: parseJson(row.files) as DetectRunFile[],
        params: DetectParams.parse(parseJson(row.params)),
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
            Object.entries(e.signals).map(([signal, weight]) => ({ run_id: runId, network_id: n.id, a: e.a, b: e.b, signal, weight })),
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

    /** The run's networks, highest score first, each with its latest triage decision. */
    async listNetworks(orgId: OrgId, runId: string): Promise<RunNetworkSummary[]> {
      await ownRun(orgId, runId)
      const rows = await db
        .selectFrom('detect_networks')
        .select(['id', 'score', 'member_count', 'label', sql<unknown>`network -> 'signals'`.as('signals')])
        .where('run_id', '=', runId)
        .orderBy('score', 'desc')
        .orderBy('id')
        .execute()
      const latest = new Map<string, TriageDecision>()
      for (const t of await triageRows(runId).orderBy('t.seq').execute()) latest.set(t.network_id, toDecision(t))
      return rows.map((r) => {
        const triage = latest.get(r.id)
        return {
          id: r.id,
          score: r.score,
          members: r.member_count,
          signals: parseJson(r.signals) as RunNetworkSummary['signals'],
          ...(r.label !== null ? { label: r.label } : {}),
          ...(triage ? { triage } : {}),
        }
      })
    },

    /** One network with its members, evidence, DISARM techniques and triage history (newest first). */
    async getNetwork(orgId: OrgId, runId: string, networkId: string): Promise<RunNetworkDetail> {
      const row = await ownNetwork(orgId, runId, networkId)
      const n = DetectedNetwork.parse(parseJson(row.network))
      const members = await db
        .selectFrom('detect_members as m')
        .leftJoin('detect_allowlist as a', (j) => j.onRef('a.account', '=', 'm.account').on('a.org_id', '=', orgId))
        .select(['m.account', 'm.posts', 'm.coordinated_posts', 'a.account as allowlisted'])
        .where('m.run_id', '=', runId)
        .where('m.network_id', '=', networkId)
        .orderBy('m.coordinated_posts', 'desc')
        .orderBy('m.account')
        .execute()
      const history = await triageRows(runId).where('t.network_id', '=', networkId).orderBy('t.seq', 'desc').execute()
      return {
        id: n.id,
        runId: runId as RunNetworkDetail['runId'],
        score: n.score,
        signals: n.signals,
        members: members.map((m) => ({
          account: m.account,
          posts: m.posts,
          coordinatedPosts: m.coordinated_posts,
          allowlisted: m.allowlisted !== null,
        })),
        edges: n.edges,
        evidence: n.evidence,
        techniques: proposedTechniques(n.signals).map((t) => ({ disarmId: t.disarmId, stixId: t.stixId, name: t.name })),
        ...(n.labels ? { labels: n.labels } : {}),
        ...(n.purity !== undefined ? { purity: n.purity } : {}),
        triage: history.map(toDecision),
      }
    },

    /** The run's accounts and per-signal edges, the `limit` heaviest edges. */
    async graph(orgId: OrgId, runId: string, limit: number): Promise<RunGraph> {
      await ownRun(orgId, runId)
      const edges = await db
        .selectFrom('detect_edges')
        .select(['a', 'b', 'signal', 'weight'])
        .where('run_id', '=', runId)
        .orderBy('weight', 'desc')
        .orderBy('a')
        .orderBy('b')
        .orderBy('signal')
        .limit(limit + 1)
        .execute()
      const truncated = edges.length > limit
      const kept = edges.slice(0, limit)
      const accounts = new Set(kept.flatMap((e) => [e.a, e.b]))
      const nodes = await db
        .selectFrom('detect_members')
        .select(['account', 'network_id', 'posts'])
        .where('run_id', '=', runId)
        .orderBy('account')
        .execute()
      return {
        nodes: nodes.filter((n) => accounts.has(n.account)).map((n) => ({ id: n.account, network: n.network_id, posts: n.posts })),
        edges: kept.map((e) => ({ a: e.a, b: e.b, signal: e.signal as RunGraph['edges'][number]['signal'], weight: e.weight })),
        truncated,
      }
    },

    /** Records a triage decision (kept with every earlier one) and audits it. */
    async triage(
      actor: Actor & { kind: 'user' },
      runId: string,
      networkId: string,
      input: TriageInput,
      now: Date,
    ): Promise<TriageDecision> {
      await ownNetwork(actor.orgId, runId, networkId)
      const note = input.note ?? ''
      await auditedChange(
        db,
        {
          actor,
          action: 'detect.network.triage',
          target: { type: 'detect-network', id: `${runId}/${networkId}` },
          outcome: 'success',
          details: { status: input.status, note },
        },
        now,
        async (trx) => {
          await trx
            .insertInto('detect_triage')
            .values({ run_id: runId, network_id: networkId, status: input.status, note, decided_by: actor.userId, decided_at: now })
            .execute()
          return true
        },
      )
      return { status: input.status, note, by: actor.email, at: now.toISOString() }
    },

    async listAllowlist(orgId: OrgId): Promise<AllowlistEntry[]> {
      const rows = await db
        .selectFrom('detect_allowlist as a')
        .innerJoin('users as u', 'u.id', 'a.added_by')
        .select(['a.account', 'a.note', 'a.added_at', 'u.email'])
        .where('a.org_id', '=', orgId)
        .orderBy('a.account')
        .execute()
      return rows.map((r) => ({ account: r.account, note: r.note, by: r.email, at: new Date(r.added_at).toISOString() }))
    },

    /** The organisation's allowlisted accounts, for the detection job to leave out. */
    async allowlistedAccounts(orgId: OrgId): Promise<Set<string>> {
      const rows = await db.selectFrom('detect_allowlist').select('account').where('org_id', '=', orgId).execute()
      return new Set(rows.map((r) => r.account))
    },

    /** Adds (or re-notes) an allowlisted account, audited. */
    async allow(actor: Actor & { kind: 'user' }, account: string, note: string, now: Date): Promise<AllowlistEntry> {
      await auditedChange(
        db,
        { actor, action: 'detect.allowlist.add', target: { type: 'detect-account', id: account }, outcome: 'success', details: { note } },
        now,
        async (trx) => {
          await trx
            .insertInto('detect_allowlist')
            .values({ org_id: actor.orgId, account, note, added_by: actor.userId, added_at: now })
            .onConflict((oc) => oc.columns(['org_id', 'account']).doUpdateSet({ note, added_by: actor.userId, added_at: now }))
            .execute()
          return true
        },
      )
      return { account, note, by: actor.email, at: now.toISOString() }
    },

    /** Removes an allowlisted account, audited. @throws VigilError `NOT_FOUND` when it is not on the list. */
    async disallow(actor: Actor & { kind: 'user' }, account: string, now: Date): Promise<void> {
      const removed = await auditedChange(
        db,
        { actor, action: 'detect.allowlist.remove', target: { type: 'detect-account', id: account }, outcome: 'success' },
        now,
        async (trx) => {
          const r = await trx
            .deleteFrom('detect_allowlist')
            .where('org_id', '=', actor.orgId)
            .where('account', '=', account)
            .executeTakeFirst()
          return r.numDeletedRows > 0n
        },
      )
      if (!removed) throw new VigilError('NOT_FOUND', 'that account is not on the allowlist')
    },

    /** The chosen networks of a completed run as a `networks.json`, for the STIX bundle. */
    async networksFile(orgId: OrgId, runId: string, networkIds: readonly string[]): Promise<NetworksFile> {
      const run = await this.getRun(orgId, runId)
      if (!run.summary) throw new VigilError('CONFLICT', 'the run has not completed')
      const rows = await db
        .selectFrom('detect_networks')
        .select(['id', 'network'])
        .where('run_id', '=', runId)
        .where('id', 'in', [...networkIds])
        .orderBy('score', 'desc')
        .execute()
      const missing = networkIds.filter((id) => !rows.some((r) => r.id === id))
      if (missing.length > 0) throw new VigilError('NOT_FOUND', `no network ${missing[0]} in this run`)
      return {
        version: 1,
        run: run.summary.run,
        edges: run.summary.edges,
        networks: rows.map((r) => DetectedNetwork.parse(parseJson(r.network))),
      }
    },
  }
}

/** The store of server-side detection runs. */
export type DetectRunStore = ReturnType<typeof createDetectRunStore>
