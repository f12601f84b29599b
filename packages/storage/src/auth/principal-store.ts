import type { ApiToken, UserId } from '@vigil/contracts'
import type { Principal, SessionRecord } from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { TOKEN_COLUMNS, toApiToken, toOrg, toUser, USER_COLUMNS } from './auth-rows.js'

/** Finds who stands behind a credential, by the hash of its secret; statuses are read fresh on every call. */
export function createPrincipalStore(db: Kysely<Database>) {
  // One query for the user, its organisation and the organisation's domains: this runs on every request.
  const principalOf = async (userId: string): Promise<Principal | undefined> => {
    const row = await db
      .selectFrom('users')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select([
        ...USER_COLUMNS,
        'orgs.name as org_name',
        'orgs.kind as org_kind',
        'orgs.stix_id as org_stix_id',
        'orgs.status as org_status',
        'orgs.created_at as org_created_at',
        sql<string[] | string>`coalesce((select json_agg(d.domain) from org_domains d where d.org_id = orgs.id), '[]'::json)`.as(
          'org_domains',
        ),
      ])
      .where('users.id', '=', userId)
      .executeTakeFirst()
    if (!row) return undefined
    const domains = typeof row.org_domains === 'string' ? (JSON.parse(row.org_domains) as string[]) : row.org_domains
    const org = toOrg(
      {
        id: row.org_id,
        name: row.org_name,
        kind: row.org_kind,
        stix_id: row.org_stix_id,
        status: row.org_status,
        created_at: row.org_created_at,
        status_changed_at: null,
      },
      domains,
    )
    return { user: toUser(row), org }
  }
  return {
    /** The user and organisation behind a user id, as a credential would find them (background work acting for a user). */
    findUserPrincipal: principalOf,
    async findTokenPrincipal(tokenHash: string): Promise<(Principal & { readonly token: ApiToken }) | undefined> {
      const row = await db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('token_hash', '=', tokenHash).executeTakeFirst()
      const principal = row ? await principalOf(row.user_id) : undefined
      return row && principal ? { ...principal, token: toApiToken(row) } : undefined
    },
    async findSessionPrincipal(sessionHash: string): Promise<(Principal & { readonly session: SessionRecord }) | undefined> {
      const row = await db
        .selectFrom('sessions')
        .select(['id', 'user_id', 'created_at', 'expires_at', 'revoked_at', 'pending'])
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
        pending: row.pending === 'totp-enrolment' ? 'totp-enrolment' : null,
      }
      return { ...principal, session }
    },
  }
}
