import {
  type DetectedNetwork,
  type DetectionRun,
  DetectRunId,
  type NetworksFile,
  type RunGraph,
  type RunNetworkDetail,
  type RunNetworkSummary,
  type TriageDecision,
} from '@vigil/contracts'
import { type DetectUser, proposedTechniques, VigilError } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { publicationsOf } from './detect-run-publications.js'
import { ownNetwork, ownRun, toDecision, triageRows } from './detect-run-rows.js'
import type { DetectOutputsInput } from './write-outputs.js'

/**
 * What analysts read of a completed run: its networks with their triage, one network in
 * full, the graph, and chosen networks as a `networks.json` for STIX. Every read takes the
 * acting user and is limited to its organisation's runs.
 */
export function createDetectResults(db: Kysely<Database>, getRun: (actor: DetectUser, runId: string) => Promise<DetectionRun>) {
  return {
    /** The run's networks, highest score first, each with its latest triage decision. */
    async listNetworks(actor: DetectUser, runId: string): Promise<RunNetworkSummary[]> {
      await ownRun(db, actor, runId)
      const rows = await db
        .selectFrom('detect_networks')
        .select(['id', 'score', 'member_count', 'label', sql<DetectedNetwork['signals']>`network -> 'signals'`.as('signals')])
        .where('run_id', '=', runId)
        .orderBy('score', 'desc')
        .orderBy('id')
        .execute()
      const latest = new Map<string, TriageDecision>()
      for (const t of await triageRows(db, runId).orderBy('t.seq').execute()) latest.set(t.network_id, toDecision(t))
      const publications = await publicationsOf(db, runId)
      return rows.map((r) => {
        const triage = latest.get(r.id)
        const published = publications.get(r.id)?.at(-1)
        return {
          id: r.id,
          score: r.score,
          members: r.member_count,
          signals: r.signals,
          ...(r.label !== null ? { label: r.label } : {}),
          ...(triage ? { triage } : {}),
          ...(published ? { published } : {}),
        }
      })
    },

    /** One network with its members, evidence, DISARM techniques and triage history (newest first). */
    async getNetwork(actor: DetectUser, runId: string, networkId: string): Promise<RunNetworkDetail> {
      const row = await ownNetwork(db, actor, runId, networkId)
      const n = row.network
      const members = await db
        .selectFrom('detect_members as m')
        .leftJoin('detect_allowlist as a', (j) => j.onRef('a.account', '=', 'm.account').on('a.org_id', '=', actor.orgId))
        .select(['m.account', 'm.posts', 'm.coordinated_posts', 'a.account as allowlisted'])
        .where('m.run_id', '=', runId)
        .where('m.network_id', '=', networkId)
        .orderBy('m.coordinated_posts', 'desc')
        .orderBy('m.account')
        .execute()
      const history = await triageRows(db, runId).where('t.network_id', '=', networkId).orderBy('t.seq', 'desc').execute()
      const publications = (await publicationsOf(db, runId, networkId)).get(networkId) ?? []
      return {
        id: n.id,
        runId: DetectRunId.parse(runId),
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
        publications: publications.reverse(),
      }
    },

    /** The run's accounts and per-signal edges, the `limit` heaviest edges. */
    async graph(actor: DetectUser, runId: string, limit: number): Promise<RunGraph> {
      await ownRun(db, actor, runId)
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
        edges: kept.map((e) => ({ a: e.a, b: e.b, signal: e.signal, weight: e.weight })),
        truncated,
      }
    },

    /** The chosen networks of a completed run as a `networks.json`, for the STIX bundle. */
    async networksFile(actor: DetectUser, runId: string, networkIds: readonly string[]): Promise<NetworksFile> {
      const file = await completedFile(actor, runId, networkIds)
      const missing = networkIds.filter((id) => !file.networks.some((n) => n.id === id))
      if (missing.length > 0) throw new VigilError('NOT_FOUND', `no network ${missing[0]} in this run`)
      return file
    },

    /**
     * What `vigil detect` would have written for a completed run ({@link renderDetectOutputs}):
     * every network, the edges inside them, and each member's activity.
     */
    async outputs(actor: DetectUser, runId: string): Promise<DetectOutputsInput> {
      const networks = await completedFile(actor, runId)
      const edges = await db.selectFrom('detect_edges').select(['signal', 'a', 'b', 'weight']).where('run_id', '=', runId).execute()
      const members = await db
        .selectFrom('detect_members')
        .select(['account', 'posts', 'coordinated_posts'])
        .where('run_id', '=', runId)
        .execute()
      return {
        networks,
        edges,
        activity: new Map(members.map((m) => [m.account, { posts: m.posts, coordinatedPosts: m.coordinated_posts }])),
      }
    },
  }

  /** A completed run's networks (those named, else all), highest score first, as a `networks.json`. */
  async function completedFile(actor: DetectUser, runId: string, networkIds?: readonly string[]): Promise<NetworksFile> {
    const run = await getRun(actor, runId)
    if (!run.summary) throw new VigilError('CONFLICT', 'the run has not completed')
    const rows = await db
      .selectFrom('detect_networks')
      .select(['id', 'network'])
      .where('run_id', '=', runId)
      .$if(networkIds !== undefined, (q) => q.where('id', 'in', [...(networkIds ?? [])]))
      .orderBy('score', 'desc')
      .orderBy('id')
      .execute()
    return {
      version: 1,
      run: run.summary.run,
      edges: run.summary.edges,
      networks: rows.map((r) => r.network),
    }
  }
}
