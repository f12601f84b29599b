import { type Clock, type IdentityDeps, systemClock } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createIdentityStore, type PgIdentityStore } from './identity-store.js'
import { nodeRandom } from './node-random.js'
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams, scryptPasswordHasher } from './password-hasher.js'

/** The identity use cases' ports over one database, as the server and the CLI wire them. */
export function createIdentityDeps(
  db: Kysely<Database>,
  options: { readonly clock?: Clock; readonly scrypt?: ScryptParams } = {},
): IdentityDeps & { readonly store: PgIdentityStore } {
  return {
    store: createIdentityStore(db),
    clock: options.clock ?? systemClock,
    random: nodeRandom,
    passwords: scryptPasswordHasher(options.scrypt ?? DEFAULT_SCRYPT_PARAMS),
  }
}
