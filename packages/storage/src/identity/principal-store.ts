import type { ApiToken, OrgId, UserId } from '@vigil/contracts'
import type { Principal, SessionRecord } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { TOKEN_COLUMNS, toApiToken } from './identity-rows.js'
import type { createOrgStore } from './org-store.js'
import type { createUserStore } from './user-store.js'

type Lookups = Pick<ReturnType<typeof createOrgStore>, 'findOrg'> & Pick<ReturnType<typeof createUserStore>, 'findUser'>

/** Finds who stands behind a credential, by the hash of its secret; statuses are read fresh on every call. */
export function createPrincipalStore(db: Kysely<Database>, lookups: Lookups) {
  const principalOf = async (userId: string): Promise<Principal | undefined> => {
    const user = await lookups.findUser(userId as UserId)
    const org = user ? await lookups.findOrg(user.orgId as OrgId) : undefined
    return user && org ? { user, org } : undefined
  }
  return {
    async findTokenPrincipal(tokenHash: string): Promise<(Principal & { readonly token: ApiToken }) | undefined> {
      const row = await db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('token_hash', '=', tokenHash).executeTakeFirst()
      const principal = row ? await principalOf(row.user_id) : undefined
      return row && principal ? { ...principal, token: toApiToken(row) } : undefined
    },
    async findSessionPrincipal(sessionHash: string): Promise<(Principal & { readonly session: SessionRecord }) | undefined> {
      const row = await db
        .selectFrom('sessions')
        .select(['id', 'user_id', 'created_at', 'expires_at', 'revoked_at'])
        .where('token_hash', '=', sessionHash)
        .executeTakeFirst()
      const principal = row ? await principalOf(row.user_id) : undefined
      if (!row || !principal) return undefined
      const session: SessionRecord = {
        id: row.id,
        userId: row.user_id as UserId,
        createdAt: new Date(row.created_at),
        expiresAt: new Date(row.expires_at),
        revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
      }
      return { ...principal, session }
    },
  }
}
