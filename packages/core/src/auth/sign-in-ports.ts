import type { Org, User, UserId } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { AuthDeps } from './auth-ports.js'

/** What a session still waits for before it may act: nothing, or TOTP enrolment. */
export type SessionPending = 'totp-enrolment' | null

/** What sign-in needs to know of a user, secrets included; never leaves storage and core. */
export interface LoginRecord {
  readonly user: User
  readonly org: Org
  readonly passwordHash: string | null
  readonly totpSecret: string | null
  readonly lockedUntil: Date | null
}

/** A session about to be stored: the hash of its cookie value, never the value. */
export interface NewSession {
  readonly id: string
  readonly tokenHash: string
  readonly userId: UserId
  readonly expiresAt: Date
  readonly pending: SessionPending
  readonly ip: string | null
  readonly userAgent: string | null
}

/** What sign-in, second factors and one-time links need of storage. */
export interface SignInStore {
  findLoginRecord(email: string): Promise<LoginRecord | undefined>
  countIpFailures(ip: string, since: Date): Promise<number>
  /** Records a failed sign-in for the address throttle and, for a known user, counts it; returns the user's count. */
  recordLoginFailure(
    failure: { readonly ip: string; readonly email: string; readonly userId: UserId | null },
    audit: AuditEvent,
    now: Date,
  ): Promise<number>
  /** Locks the account until `until` and starts its failure count again. */
  lockAccount(userId: UserId, until: Date, audit: AuditEvent, now: Date): Promise<void>
  resetLoginFailures(userId: UserId): Promise<void>
  insertSession(session: NewSession, audit: AuditEvent, now: Date): Promise<void>
  /** Revokes the session; returns false when there was none to revoke. */
  revokeSession(tokenHash: string, audit: AuditEvent, now: Date): Promise<boolean>
  setSessionPending(tokenHash: string, pending: SessionPending): Promise<void>
  /** Stores a TOTP secret; `enabledAt` null while enrolment awaits its first code. */
  setTotpSecret(userId: UserId, secret: string, enabledAt: Date | null, audit: AuditEvent | null, now: Date): Promise<void>
  /** Records `step` as the user's last accepted TOTP step; false when that step (or a later one) was used already. */
  claimTotpStep(userId: UserId, step: number): Promise<boolean>
  replaceRecoveryCodes(userId: UserId, codeHashes: readonly string[], now: Date): Promise<void>
  /** Marks an unused recovery code used; false when there is no such unused code. */
  useRecoveryCode(userId: UserId, codeHash: string, audit: AuditEvent, now: Date): Promise<boolean>
  insertOneTimeLink(link: NewOneTimeLink, audit: AuditEvent, now: Date): Promise<void>
  /** Marks the link used if it is unused and unexpired, and says whose and what for; else undefined. */
  consumeOneTimeLink(
    tokenHash: string,
    now: Date,
  ): Promise<{ readonly userId: UserId; readonly purpose: NewOneTimeLink['purpose'] } | undefined>
  /** Sets a new password hash, lifts any lock, and ends every session of the user. */
  setPassword(userId: UserId, passwordHash: string, audit: AuditEvent, now: Date): Promise<void>
}

/** A one-time link about to be stored: the hash of its token, never the token. */
export interface NewOneTimeLink {
  readonly tokenHash: string
  readonly purpose: 'invitation' | 'password-reset'
  readonly userId: UserId
  readonly expiresAt: Date
}

/** The ports of sign-in: identity's, and the sign-in store. */
export interface SignInDeps extends AuthDeps {
  readonly signIn: SignInStore
}
