import type { AccountStatus, ApiToken, ApiTokenId, Org, OrgId, OrgKind, Role, User, UserId } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Clock } from '../shared/clock.js'
import type { Random } from '../shared/random.js'

/** An organisation about to be stored. */
export interface NewOrg {
  readonly id: OrgId
  readonly name: string
  readonly kind: OrgKind
  readonly stixId: string
  readonly domains: readonly string[]
}

/** A user about to be stored; `passwordHash` is already the scrypt record. */
export interface NewUser {
  readonly id: UserId
  readonly orgId: OrgId
  readonly email: string
  readonly roles: readonly Role[]
  readonly passwordHash: string | null
}

/** An API token about to be stored: only its hash, never the secret. */
export interface NewApiToken {
  readonly id: ApiTokenId
  readonly userId: UserId
  readonly name: string
  readonly prefix: string
  readonly tokenHash: string
  readonly expiresAt: Date | null
}

/** A signed-in user and the organisation it belongs to, as read for one request. */
export interface Principal {
  readonly user: User
  readonly org: Org
}

/** A server-side session, found by the hash of its cookie value. */
export interface SessionRecord {
  readonly id: string
  readonly userId: UserId
  readonly createdAt: Date
  readonly expiresAt: Date
  readonly revokedAt: Date | null
  /** What the session waits for before it may act (TOTP enrolment), or null. */
  readonly pending: 'totp-enrolment' | null
}

/**
 * What the identity use cases need of storage. Every change takes the audit event that
 * records it and writes both in one transaction.
 */
export interface AuthStore {
  insertOrg(org: NewOrg, audit: AuditEvent, now: Date): Promise<Org>
  listOrgs(): Promise<Org[]>
  findOrg(id: OrgId): Promise<Org | undefined>
  setOrgStatus(id: OrgId, status: AccountStatus, audit: AuditEvent, now: Date): Promise<Org | undefined>
  /** Replaces the organisation's verified domains; `CONFLICT` when another organisation holds one. */
  setOrgDomains(id: OrgId, domains: readonly string[], audit: AuditEvent, now: Date): Promise<Org | undefined>

  insertUser(user: NewUser, audit: AuditEvent, now: Date): Promise<User>
  listUsers(filter: { readonly orgId?: OrgId }): Promise<User[]>
  /** Whether the instance has any user at all (first start). */
  hasUsers(): Promise<boolean>
  findUser(id: UserId): Promise<User | undefined>
  findUserByEmail(email: string): Promise<User | undefined>
  setUserStatus(id: UserId, status: AccountStatus, audit: AuditEvent, now: Date): Promise<User | undefined>
  setUserRoles(id: UserId, roles: readonly Role[], audit: AuditEvent, now: Date): Promise<User | undefined>

  insertApiToken(token: NewApiToken, audit: AuditEvent, now: Date): Promise<ApiToken>
  listApiTokens(userId: UserId): Promise<ApiToken[]>
  findApiToken(id: ApiTokenId): Promise<ApiToken | undefined>
  revokeApiToken(id: ApiTokenId, audit: AuditEvent, now: Date): Promise<ApiToken | undefined>
  /** Sets the token's last-used time; with an audit event, records the use as well. */
  touchApiToken(id: ApiTokenId, now: Date, audit: AuditEvent | null): Promise<void>
  findTokenPrincipal(tokenHash: string): Promise<(Principal & { readonly token: ApiToken }) | undefined>
  findSessionPrincipal(sessionHash: string): Promise<(Principal & { readonly session: SessionRecord }) | undefined>
}

/** Hashes and checks passwords (scrypt, in storage: core does not touch `node:crypto`). */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(password: string, stored: string): Promise<boolean>
}

/** The ports of the identity use cases. */
export interface AuthDeps {
  readonly store: AuthStore
  readonly clock: Clock
  readonly random: Random
  readonly passwords: PasswordHasher
}
