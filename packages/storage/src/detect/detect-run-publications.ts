import type { AllowlistEntry, NetworkPublication, TriageStatus } from '@vigil/contracts'
import type { DetectUser } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { ownRun, toDecision, triageRows } from './detect-run-rows.js'

/** A run's publications, oldest first, keyed by network. */
export async function publicationsOf(db: Kysely<Database>, runId: string, networkId?: string): Promise<Map<string, NetworkPublication[]>> {
  const rows = await db
    .selectFrom('detect_publications as p')
    .innerJoin('users as u', 'u.id', 'p.published_by')
    .innerJoin('exchange_collections as c', 'c.id', 'p.collection_id')
    .select(['p.network_id', 'p.collection_id', 'c.title', 'p.tlp', 'p.objects', 'p.left_out', 'p.published_at', 'u.email'])
    .where('p.run_id', '=', runId)
    .$if(networkId !== undefined, (q) => q.where('p.network_id', '=', networkId ?? ''))
    .orderBy('p.seq')
    .execute()
  const out = new Map<string, NetworkPublication[]>()
  for (const r of rows) {
    const list = out.get(r.network_id) ?? []
    list.push({
      collection: r.collection_id,
      collectionTitle: r.title,
      tlp: r.tlp,
      by: r.email,
      at: new Date(r.published_at).toISOString(),
      objects: r.objects,
      leftOut: r.left_out,
    })
    out.set(r.network_id, list)
  }
  return out
}

/** What triage and the allowlist read of the detect tables, for the acting user's organisation. */
export function createDecisionReads(db: Kysely<Database>) {
  return {
    async listAllowlist(actor: DetectUser): Promise<AllowlistEntry[]> {
      const rows = await db
        .selectFrom('detect_allowlist as a')
        .innerJoin('users as u', 'u.id', 'a.added_by')
        .select(['a.account', 'a.note', 'a.added_at', 'u.email'])
        .where('a.org_id', '=', actor.orgId)
        .orderBy('a.account')
        .execute()
      return rows.map((r) => ({ account: r.account, note: r.note, by: r.email, at: new Date(r.added_at).toISOString() }))
    },

    /** The organisation's allowlisted accounts, for publications and disclosures to leave out. */
    allowlistedAccounts: (actor: DetectUser): Promise<Set<string>> => allowlistOf(db, actor.orgId),

    /** Each network's latest triage status in one of the organisation's runs. */
    async latestTriage(actor: DetectUser, runId: string): Promise<Map<string, TriageStatus>> {
      await ownRun(db, actor, runId)
      const latest = new Map<string, TriageStatus>()
      for (const t of await triageRows(db, runId).orderBy('t.seq').execute()) latest.set(t.network_id, toDecision(t).status)
      return latest
    },
  }
}

/** An organisation's allowlisted accounts: for its users' reads, and for the detection job (the system) to leave out. */
export async function allowlistOf(db: Kysely<Database>, orgId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('detect_allowlist').select('account').where('org_id', '=', orgId).execute()
  return new Set(rows.map((r) => r.account))
}

/** The names of a collection's reading organisations and sharing groups, for the publishing summary. */
export async function readerNames(
  db: Kysely<Database>,
  orgIds: readonly string[],
  groupIds: readonly string[],
): Promise<{ orgs: string[]; groups: string[] }> {
  const orgs = orgIds.length
    ? await db
        .selectFrom('orgs')
        .select('name')
        .where('id', 'in', [...orgIds])
        .orderBy('name')
        .execute()
    : []
  const groups = groupIds.length
    ? await db
        .selectFrom('exchange_sharing_groups')
        .select('name')
        .where('id', 'in', [...groupIds])
        .orderBy('name')
        .execute()
    : []
  return { orgs: orgs.map((o) => o.name), groups: groups.map((g) => g.name) }
}
