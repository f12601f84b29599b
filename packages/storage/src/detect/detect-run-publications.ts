import { CollectionId, type NetworkPublication, type OrgId, Tlp, type TriageStatus } from '@vigil/contracts'
import type { Actor, NetworksPublication } from '@vigil/core'
import type { Kysely } from 'kysely'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { ownRun, parseJson, toDecision, triageRows } from './detect-run-rows.js'

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
      collection: CollectionId.parse(r.collection_id),
      collectionTitle: r.title,
      tlp: Tlp.parse(r.tlp),
      by: r.email,
      at: new Date(r.published_at).toISOString(),
      objects: r.objects,
      leftOut: parseJson(r.left_out) as string[],
    })
    out.set(r.network_id, list)
  }
  return out
}

/** What publishing networks reads and keeps in the detect tables. */
export function createDetectPublications(db: Kysely<Database>) {
  return {
    /** Each network's latest triage status in one of the organisation's runs. */
    async latestTriage(orgId: OrgId, runId: string): Promise<Map<string, TriageStatus>> {
      await ownRun(db, orgId, runId)
      const latest = new Map<string, TriageStatus>()
      for (const t of await triageRows(db, runId).orderBy('t.seq').execute()) latest.set(t.network_id, toDecision(t).status)
      return latest
    },

    /** The names of a collection's reading organisations and sharing groups, for the publishing summary. */
    async readerNames(orgIds: readonly string[], groupIds: readonly string[]): Promise<{ orgs: string[]; groups: string[] }> {
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
    },

    /** Keeps a publication on each of its networks, with its audit entry, in one transaction. */
    async recordPublication(actor: Actor & { kind: 'user' }, runId: string, publication: NetworksPublication, now: Date): Promise<void> {
      await auditedChange(
        db,
        {
          actor,
          action: 'detect.network.publish',
          target: { type: 'detect-run', id: runId },
          outcome: 'success',
          details: {
            networks: publication.networks.map((n) => n.networkId),
            collection: publication.collection,
            tlp: publication.tlp,
            stored: publication.objects,
            leftOut: publication.networks.reduce((sum, n) => sum + n.leftOut.length, 0),
          },
        },
        now,
        async (trx) => {
          await trx
            .insertInto('detect_publications')
            .values(
              publication.networks.map((n) => ({
                run_id: runId,
                network_id: n.networkId,
                collection_id: publication.collection,
                tlp: publication.tlp,
                objects: publication.objects,
                left_out: JSON.stringify(n.leftOut),
                published_by: actor.userId,
                published_at: now,
              })),
            )
            .execute()
          return true
        },
      )
    },
  }
}
