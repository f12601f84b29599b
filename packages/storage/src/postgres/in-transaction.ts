import type { Kysely } from 'kysely'
import type { Database } from './database-schema.js'

/** Runs `fn` in the caller's transaction when `db` is one, else in a new one. */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn)
}
