import type { SyncStateStore } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'

/** Where each pull and push resumes, per remote collection and local collection. */
export function createSyncStateStore(db: Kysely<Database>): SyncStateStore {
  return {
    async get(key) {
      const row = await db
        .selectFrom('taxii_sync_state')
        .select('cursor')
        .where('direction', '=', key.direction)
        .where('remote', '=', key.remote)
        .where('local_collection', '=', key.local)
        .executeTakeFirst()
      return row?.cursor
    },
    async set(key, cursor) {
      const updated_at = new Date()
      await db
        .insertInto('taxii_sync_state')
        .values({ direction: key.direction, remote: key.remote, local_collection: key.local, cursor, updated_at })
        .onConflict((oc) => oc.columns(['direction', 'remote', 'local_collection']).doUpdateSet({ cursor, updated_at }))
        .execute()
    },
  }
}
