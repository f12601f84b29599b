import type { TaxiiStatus } from '@vigil/contracts'
import { buildTaxiiStatus, type TaxiiStatusStore } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'

/**
 * TAXII status resources in PostgreSQL, so any server process can answer a poll. Only
 * the details are stored; counts and `status` are derived from them on every read.
 */
export function createTaxiiStatusStore(db: Kysely<Database>): TaxiiStatusStore {
  return {
    async save(status: TaxiiStatus, owner) {
      const row = {
        collection_id: owner.collectionId,
        owner_org_id: owner.orgId,
        status: status.status,
        request_timestamp: new Date(status.request_timestamp ?? Date.now()),
        successes: JSON.stringify(status.successes ?? []),
        failures: JSON.stringify(status.failures ?? []),
        pendings: JSON.stringify(status.pendings ?? []),
      }
      await db
        .insertInto('taxii_status')
        .values({ id: status.id, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute()
    },
    async find(id) {
      // A status id that is not a UUID cannot exist; asking PostgreSQL would raise instead.
      if (!UUID.test(id)) return undefined
      const row = await db.selectFrom('taxii_status').selectAll().where('id', '=', id).executeTakeFirst()
      if (!row) return undefined
      const status = buildTaxiiStatus(row.id, row.request_timestamp, {
        successes: row.successes,
        failures: row.failures,
        pendings: row.pendings,
      })
      return { status, owner: { orgId: row.owner_org_id } }
    },
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
