import type { ApiToken, Org, User } from '@vigil/contracts'
import type { Selectable } from 'kysely'
import type { ApiTokensTable, OrgsTable, UsersTable } from './auth-tables.js'

/** A `users` row as public reads select it. */
export type UserRow = Pick<
  Selectable<UsersTable>,
  'id' | 'org_id' | 'email' | 'roles' | 'status' | 'totp_enabled_at' | 'locked_until' | 'created_at'
>

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString())

/** The public shape of an organisation row. */
export function toOrg(row: Selectable<OrgsTable>, domains: readonly string[]): Org {
  return {
    id: row.id as Org['id'],
    name: row.name,
    kind: row.kind as Org['kind'],
    stixId: row.stix_id,
    domains: [...domains].sort(),
    status: row.status as Org['status'],
    createdAt: new Date(row.created_at).toISOString(),
  }
}

/** The public shape of a user row: secrets (password hash, TOTP secret) are left behind. */
export function toUser(row: UserRow): User {
  return {
    id: row.id as User['id'],
    orgId: row.org_id as User['orgId'],
    email: row.email,
    roles: (typeof row.roles === 'string' ? JSON.parse(row.roles) : row.roles) as User['roles'],
    status: row.status as User['status'],
    totpEnabled: row.totp_enabled_at !== null,
    lockedUntil: iso(row.locked_until),
    createdAt: new Date(row.created_at).toISOString(),
  }
}

/** The public shape of a token row: never its hash. */
export function toApiToken(row: Omit<Selectable<ApiTokensTable>, 'token_hash'>): ApiToken {
  return {
    id: row.id as ApiToken['id'],
    userId: row.user_id as ApiToken['userId'],
    name: row.name,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: iso(row.expires_at),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  }
}

/** The columns of `users` every public read selects: no secrets. */
export const USER_COLUMNS = [
  'users.id',
  'users.org_id',
  'users.email',
  'users.roles',
  'users.status',
  'users.totp_enabled_at',
  'users.locked_until',
  'users.created_at',
] as const

/** The columns of `api_tokens` every public read selects: never the hash. */
export const TOKEN_COLUMNS = ['id', 'user_id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'] as const
