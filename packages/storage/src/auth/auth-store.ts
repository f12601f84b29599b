import type { AuthStore } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createOrgStore } from './org-store.js'
import { createPrincipalStore } from './principal-store.js'
import { createTokenStore } from './token-store.js'
import { createUserStore } from './user-store.js'

/** The identity store over PostgreSQL: organisations, users, tokens, and credential lookups. */
export type PgAuthStore = AuthStore & ReturnType<typeof createOrgStore>

/**
 * The identity context's store. Takes a database handle, never the server, so the CLI
 * uses the same store.
 *
 * @example
 * const store = createAuthStore(database.db); await store.listOrgs()
 */
export function createAuthStore(db: Kysely<Database>): PgAuthStore {
  const orgs = createOrgStore(db)
  const users = createUserStore(db)
  return { ...orgs, ...users, ...createTokenStore(db), ...createPrincipalStore(db) }
}
