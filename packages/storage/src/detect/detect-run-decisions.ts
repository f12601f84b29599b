import type { IngestResult, StixObject, Tlp, TriageStatus } from '@vigil/contracts'
import type { AuditEvent, DetectUser, NetworksPublication, PublicationPlan } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { inTransaction } from '../postgres/in-transaction.js'

/** Adds objects to a collection through the exchange, on the transaction it is given. */
export type AddObjectsIn = (
  trx: Kysely<Database>,
) => (actor: DetectUser, collectionId: string, objects: readonly StixObject[], tlp: Tlp) => Promise<IngestResult>

/**
 * What analysts decide about a run's networks: triage (kept whole), the organisation's
 * allowlist and publications. Each write and its audit event share one transaction; the
 * use cases in core (`detect-decisions.ts`, `publish-networks.ts`) check what may be written.
 */
export function createDetectDecisions(db: Kysely<Database>) {
  return {
    async insertTriage(
      actor: DetectUser,
      d: { readonly runId: string; readonly networkId: string; readonly status: TriageStatus; readonly note: string },
      audit: AuditEvent,
      now: Date,
    ): Promise<void> {
      await auditedChange(db, audit, now, async (trx) => {
        await trx
          .insertInto('detect_triage')
          .values({ run_id: d.runId, network_id: d.networkId, status: d.status, note: d.note, decided_by: actor.userId, decided_at: now })
          .execute()
        return true
      })
    },

    async putAllowlisted(
      actor: DetectUser,
      entry: { readonly account: string; readonly note: string },
      audit: AuditEvent,
      now: Date,
    ): Promise<void> {
      const { account, note } = entry
      await auditedChange(db, audit, now, async (trx) => {
        await trx
          .insertInto('detect_allowlist')
          .values({ org_id: actor.orgId, account, note, added_by: actor.userId, added_at: now })
          .onConflict((oc) => oc.columns(['org_id', 'account']).doUpdateSet({ note, added_by: actor.userId, added_at: now }))
          .execute()
        return true
      })
    },

    async removeAllowlisted(actor: DetectUser, account: string, audit: AuditEvent, now: Date): Promise<boolean> {
      return auditedChange(db, audit, now, async (trx) => {
        const r = await trx
          .deleteFrom('detect_allowlist')
          .where('org_id', '=', actor.orgId)
          .where('account', '=', account)
          .executeTakeFirst()
        return r.numDeletedRows > 0n
      })
    },
  }
}

/** Publications of a run's networks (core's `publishNetworks` decides what). */
export function createDetectPublish(db: Kysely<Database>, addObjectsIn: AddObjectsIn) {
  return {
    /**
     * In one transaction: the objects into the collection (the exchange's own checks and
     * audit entry), the publication on each network, and the publication's audit entry.
     */
    async publish(
      actor: DetectUser,
      runId: string,
      plan: PublicationPlan,
      audit: (publication: NetworksPublication) => AuditEvent,
      now: Date,
    ): Promise<IngestResult> {
      return inTransaction(db, async (trx) => {
        const result = await addObjectsIn(trx)(actor, plan.collection, plan.objects, plan.tlp)
        const publication = { collection: plan.collection, tlp: plan.tlp, objects: result.successCount, networks: plan.networks }
        await trx
          .insertInto('detect_publications')
          .values(
            plan.networks.map((n) => ({
              run_id: runId,
              network_id: n.networkId,
              collection_id: plan.collection,
              tlp: plan.tlp,
              objects: result.successCount,
              left_out: JSON.stringify(n.leftOut),
              published_by: actor.userId,
              published_at: now,
            })),
          )
          .execute()
        await appendAudit(trx, audit(publication), now)
        return result
      })
    },
  }
}
