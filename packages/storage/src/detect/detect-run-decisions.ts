import type { AllowlistEntry, OrgId, TriageDecision, TriageInput } from '@vigil/contracts'
import { type Actor, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { ownNetwork } from './detect-run-rows.js'

/** What analysts decide about a run's networks: triage (kept whole) and the organisation's allowlist, all audited. */
export function createDetectDecisions(db: Kysely<Database>) {
  return {
    /** Records a triage decision (kept with every earlier one) and audits it. */
    async triage(
      actor: Actor & { kind: 'user' },
      runId: string,
      networkId: string,
      input: TriageInput,
      now: Date,
    ): Promise<TriageDecision> {
      await ownNetwork(db, actor.orgId, runId, networkId)
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
  }
}
