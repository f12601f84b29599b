import { type Clock, type SignInDeps, systemClock } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import type { SecretBox } from '../secrets/secret-box.js'
import { createAuthStore, type PgAuthStore } from './auth-store.js'
import { nodeRandom } from './node-random.js'
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams, scryptPasswordHasher } from './password-hasher.js'
import { createSignInStore } from './sign-in-store.js'

/**
 * The identity and sign-in use cases' ports over one database, as the server and the CLI
 * wire them. With `secretBox` (the server's), TOTP seeds are sealed in the database.
 */
export function createAuthDeps(
  db: Kysely<Database>,
  options: { readonly clock?: Clock; readonly scrypt?: ScryptParams; readonly secretBox?: SecretBox } = {},
): SignInDeps & { readonly store: PgAuthStore } {
  const store = createAuthStore(db)
  return {
    store,
    signIn: createSignInStore(db, store, options.secretBox),
    clock: options.clock ?? systemClock,
    random: nodeRandom,
    passwords: scryptPasswordHasher(options.scrypt ?? DEFAULT_SCRYPT_PARAMS),
  }
}
