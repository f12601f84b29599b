import type { DetectedNetwork, TriageDecision, TriageStatus } from '@vigil/contracts'
import { type DetectUser, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'

/**
 * A JSON value that may arrive as text (a json column read by raw SQL); the detect tables'
 * jsonb columns arrive parsed from both databases. Kept for the live and disclose stores.
 */
export const parseJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v)

/** @throws VigilError `NOT_FOUND` when the run is not the actor's organisation's. */
export async function ownRun(db: Kysely<Database>, actor: DetectUser, runId: string): Promise<void> {
  const row = await db.selectFrom('detect_runs').select('id').where('id', '=', runId).where('org_id', '=', actor.orgId).executeTakeFirst()
  if (!row) throw new VigilError('NOT_FOUND', 'no such detection run')
}

/** A network of one of the actor's organisation's runs. @throws VigilError `NOT_FOUND` otherwise. */
export async function ownNetwork(
  db: Kysely<Database>,
  actor: DetectUser,
  runId: string,
  networkId: string,
): Promise<{ network: DetectedNetwork; score: number }> {
  const row = await db
    .selectFrom('detect_networks as n')
    .innerJoin('detect_runs as r', 'r.id', 'n.run_id')
    .select(['n.network', 'n.score'])
    .where('r.org_id', '=', actor.orgId)
    .where('n.run_id', '=', runId)
    .where('n.id', '=', networkId)
    .executeTakeFirst()
  if (!row) throw new VigilError('NOT_FOUND', 'no such network in this run')
  return row
}

/** The triage decisions of a run, with who made them. */
export const triageRows = (db: Kysely<Database>, runId: string) =>
  db
    .selectFrom('detect_triage as t')
    .innerJoin('users as u', 'u.id', 't.decided_by')
    .select(['t.network_id', 't.status', 't.note', 't.decided_at', 'u.email', 't.seq'])
    .where('t.run_id', '=', runId)

export const toDecision = (t: { status: TriageStatus; note: string; email: string; decided_at: Date }): TriageDecision => ({
  status: t.status,
  note: t.note,
  by: t.email,
  at: new Date(t.decided_at).toISOString(),
})

/** Whether the network is in one of the actor's organisation's runs. */
export async function hasNetwork(db: Kysely<Database>, actor: DetectUser, runId: string, networkId: string): Promise<boolean> {
  const row = await db
    .selectFrom('detect_networks as n')
    .innerJoin('detect_runs as r', 'r.id', 'n.run_id')
    .select('n.id')
    .where('r.org_id', '=', actor.orgId)
    .where('n.run_id', '=', runId)
    .where('n.id', '=', networkId)
    .executeTakeFirst()
  return row !== undefined
}
