import type {
  AuditEntry,
  InitiatorBlinded,
  Org,
  OrgId,
  PsiSessionId,
  PsiSessionStatus,
  ResponderLearns,
  ResponderReply,
  SelectorKind,
  UserId,
} from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Clock } from '../shared/clock.js'
import type { Random } from '../shared/random.js'

/** A PSI session as stored. `expired` is never stored: it follows from `expiresAt`. */
export interface PsiSessionRecord {
  readonly id: PsiSessionId
  readonly initiatorOrgId: OrgId
  readonly responderOrgId: OrgId
  readonly proposedBy: UserId
  readonly purpose: string
  readonly kind: SelectorKind
  readonly maxSetSize: number
  readonly responderLearns: ResponderLearns
  readonly status: Exclude<PsiSessionStatus, 'expired'>
  readonly createdAt: Date
  readonly acceptedAt: Date | null
  readonly expiresAt: Date
  readonly completedAt: Date | null
  readonly initiatorSetSize: number | null
  readonly responderSetSize: number | null
  readonly intersectionSize: number | null
}

/** What a step changes: the new status, sizes, and the message it stores (or `null` to delete both). */
export interface PsiSessionChange {
  readonly status: PsiSessionRecord['status']
  readonly acceptedAt?: Date
  readonly completedAt?: Date
  readonly initiatorSetSize?: number
  readonly responderSetSize?: number
  readonly intersectionSize?: number
  readonly message?: { readonly initiator: InitiatorBlinded } | { readonly responder: ResponderReply } | null
}

/** The store of PSI sessions and their blinded messages. */
export interface PsiSessionStore {
  /**
   * Inserts `session` and its audit entry unless the two organisations already have
   * `limit.max` sessions proposed (either way round) since `limit.since`; false if so.
   */
  insertWithinLimit(
    session: PsiSessionRecord,
    limit: { readonly since: Date; readonly max: number },
    audit: AuditEvent,
    now: Date,
  ): Promise<boolean>
  find(id: PsiSessionId): Promise<PsiSessionRecord | undefined>
  /** Applies `change` if the session is still in status `from`, with its audit entry; false if it moved meanwhile. */
  transition(id: PsiSessionId, from: PsiSessionRecord['status'], change: PsiSessionChange, audit: AuditEvent, now: Date): Promise<boolean>
  /** The stored message of one side, if any. */
  readMessage(id: PsiSessionId, side: 'initiator'): Promise<InitiatorBlinded | undefined>
  readMessage(id: PsiSessionId, side: 'responder'): Promise<ResponderReply | undefined>
  /** Sessions in which `orgId` takes part, newest first. */
  listForOrg(orgId: OrgId): Promise<PsiSessionRecord[]>
  /**
   * Deletes the blinded messages of every session that expired at `now` without completing,
   * each with the audit entry `audit(session)` in the same transaction. Returns their ids.
   */
  clearExpiredMessages(now: Date, audit: (session: PsiSessionRecord) => AuditEvent): Promise<PsiSessionId[]>
  /** The audit entries whose target is the session, in order. */
  auditTrail(id: PsiSessionId): Promise<AuditEntry[]>
  /** Records a refused step (outcome `denied`): nothing else changes. */
  recordRefusal(audit: AuditEvent, now: Date): Promise<void>
}

/** An organisation's PSI signing key as stored: only the public half ever reaches the server. */
export interface PsiKeyRecord {
  readonly orgId: OrgId
  readonly publicKey: Uint8Array
  readonly createdAt: Date
  readonly createdBy: UserId
}

/** The store of organisations' PSI keys: one current key per organisation. */
export interface PsiKeyStore {
  /** Sets `key` as its organisation's key, replacing any earlier one, with its audit entry. */
  put(key: PsiKeyRecord, audit: AuditEvent, now: Date): Promise<void>
  find(orgId: OrgId): Promise<PsiKeyRecord | undefined>
}

/** Limits against probing: how many sessions a pair of organisations may open per period. */
export interface PsiSessionLimits {
  readonly sessionsPerPair: number
  readonly periodDays: number
}

/**
 * The default limits: ten sessions per pair of organisations per thirty days. With the set
 * cap of 1,000,000, a pair can test at most ten million guessed selectors a month, a small
 * fraction of any country's phone numbers; docs/PSI.md explains the reasoning.
 */
export const DEFAULT_PSI_SESSION_LIMITS: PsiSessionLimits = Object.freeze({ sessionsPerPair: 10, periodDays: 30 })

/** The ports of the PSI session use cases. */
export interface PsiDeps {
  readonly store: PsiSessionStore
  readonly keys: PsiKeyStore
  readonly findOrg: (id: OrgId) => Promise<Org | undefined>
  readonly clock: Clock
  readonly random: Random
  readonly limits: PsiSessionLimits
}
