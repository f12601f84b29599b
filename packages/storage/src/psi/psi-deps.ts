import { type Clock, DEFAULT_PSI_SESSION_LIMITS, type PsiDeps, type PsiSessionLimits, systemClock } from '@vigil/core'
import type { Kysely } from 'kysely'
import { nodeRandom } from '../auth/node-random.js'
import { createOrgStore } from '../auth/org-store.js'
import type { Database } from '../postgres/database-schema.js'
import { createPsiKeyStore } from './psi-key-store.js'
import { createPsiSessionStore } from './psi-session-store.js'

/** The PSI session use cases' ports over one database, as the server wires them. */
export function createPsiDeps(db: Kysely<Database>, options: { readonly clock?: Clock; readonly limits?: PsiSessionLimits } = {}): PsiDeps {
  const orgs = createOrgStore(db)
  return {
    store: createPsiSessionStore(db),
    keys: createPsiKeyStore(db),
    findOrg: (id) => orgs.findOrg(id),
    clock: options.clock ?? systemClock,
    random: nodeRandom,
    limits: options.limits ?? DEFAULT_PSI_SESSION_LIMITS,
  }
}
