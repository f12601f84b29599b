import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>

export interface OrgsTable {
  id: ColumnType<string, string, never>
  name: string
  kind: string
  stix_id: ColumnType<string, string, never>
  status: ColumnType<string, string | undefined, string>
  created_at: ColumnType<Date, Date, never>
  status_changed_at: NullableTimestamp
}

export interface OrgDomainsTable {
  domain: string
  org_id: string
  verified_at: Timestamp
}

export interface UsersTable {
  id: ColumnType<string, string, never>
  org_id: string
  email: string
  roles: ColumnType<string[], string, string>
  password_hash: ColumnType<string | null, string | null | undefined, string | null>
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>
  totp_enabled_at: NullableTimestamp
  /** bigint: the last accepted TOTP time step. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>
  status: ColumnType<string, string | undefined, string>
  failed_logins: ColumnType<number, number | undefined, number>
  locked_until: NullableTimestamp
  created_at: ColumnType<Date, Date, never>
  status_changed_at: NullableTimestamp
}

export interface ApiTokensTable {
  id: ColumnType<string, string, never>
  user_id: ColumnType<string, string, never>
  name: string
  prefix: ColumnType<string, string, never>
  token_hash: ColumnType<string, string, never>
  created_at: ColumnType<Date, Date, never>
  expires_at: NullableTimestamp
  last_used_at: NullableTimestamp
  revoked_at: NullableTimestamp
}

export interface SessionsTable {
  id: ColumnType<string, string, never>
  token_hash: ColumnType<string, string, never>
  user_id: ColumnType<string, string, never>
  created_at: ColumnType<Date, Date, never>
  expires_at: Timestamp
  last_seen_at: Timestamp
  revoked_at: NullableTimestamp
  ip: string | null
  user_agent: string | null
  /** Null when the session may act; else what it waits for: 'totp' or 'totp-enrolment'. */
  pending: ColumnType<string | null, string | null | undefined, string | null>
}

export interface LoginFailuresTable {
  id: ColumnType<string, never, never>
  ip: string
  email: string
  at: ColumnType<Date, Date, never>
}

export interface RecoveryCodesTable {
  code_hash: string
  user_id: string
  created_at: ColumnType<Date, Date, never>
  used_at: NullableTimestamp
}

export interface OneTimeLinksTable {
  token_hash: string
  purpose: 'invitation' | 'password-reset'
  user_id: string
  created_at: ColumnType<Date, Date, never>
  expires_at: ColumnType<Date, Date, never>
  used_at: NullableTimestamp
}

export interface RateLimitsTable {
  key: string
  hits: number
  reset_at: Timestamp
}

export interface AuthTables {
  orgs: OrgsTable
  org_domains: OrgDomainsTable
  users: UsersTable
  api_tokens: ApiTokensTable
  sessions: SessionsTable
  login_failures: LoginFailuresTable
  recovery_codes: RecoveryCodesTable
  one_time_links: OneTimeLinksTable
  rate_limits: RateLimitsTable
}
