import type { OrgId, UserId } from '@vigil/contracts'
import type { PsiKeyStore } from '@vigil/core'
import type { Kysely } from 'kysely'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'

/** Organisations' PSI public keys in PostgreSQL; each change audited in its transaction. */
export function createPsiKeyStore(db: Kysely<Database>): PsiKeyStore {
  return {
    async put(key, audit, now) {
      await auditedChange(db, audit, now, async (trx) => {
        const row = { public_key: key.publicKey, created_at: key.createdAt, created_by: key.createdBy }
        await trx
          .insertInto('psi_org_keys')
          .values({ org_id: key.orgId, ...row })
          .onConflict((oc) => oc.column('org_id').doUpdateSet(row))
          .execute()
        return true
      })
    },
    async find(orgId) {
      const row = await db.selectFrom('psi_org_keys').selectAll().where('org_id', '=', orgId).executeTakeFirst()
      if (!row) return undefined
      return {
        orgId: row.org_id as OrgId,
        publicKey: new Uint8Array(row.public_key),
        createdAt: new Date(row.created_at),
        createdBy: row.created_by as UserId,
      }
    },
  }
}
