import type { AgencyWarning, Assessment, AssessmentContext, AssessmentSettings, DataRequestInput, OrgId, UserId } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { AuthStore } from '../auth/auth-ports.js'
import type { Clock } from '../shared/clock.js'
import type { Random } from '../shared/random.js'
import type { ReviewRecord } from './review-machine.js'
import type { ReviewStore } from './review-ports.js'

/** A stored request, as its parties read it. */
export interface StoredRequest extends ReviewRecord {
  readonly request: DataRequestInput
  readonly assessment: Assessment
  readonly submittedBy: string
  readonly duplicateOf: string | null
  readonly suspectedFraud: boolean
  readonly receivedAt: Date
  readonly disclosedAt: Date | null
  /** When the request entered its current state: its SLA clock starts there. */
  readonly stateEnteredAt: Date
}

/** A request as the intake decided it, ready to be stored. */
export interface NewRequest {
  readonly id: string
  readonly agencyOrgId: OrgId
  readonly platformOrgId: OrgId
  readonly submittedBy: UserId
  readonly request: DataRequestInput
  readonly assessment: Assessment
  /** Refused at intake (G1 or a duplicate): stored already rejected. */
  readonly refused: boolean
  /** The signed legal document; its SHA-256 is the request's. */
  readonly document?: LegalDocument
}

/** A signed legal document as submitted, with its SHA-256 (hex). */
export interface LegalDocument {
  readonly filename: string
  readonly content: Uint8Array
  readonly sha256: string
}

/**
 * What the requests use cases need of storage: the instance's data an assessment reads, and
 * the writes, each with its audit entries in the change's own transaction.
 */
export interface RequestsStore {
  /**
   * The assessment context from the instance's data (directory, compromised senders, open
   * requests, the hold a renewal extends, the targets `accounts` resolves), added to `given`.
   */
  assessmentContext(request: DataRequestInput, given: AssessmentContext): Promise<AssessmentContext>
  /**
   * Stores a new request, its legal document, `audit` and the agency's impersonation warning
   * (queued for mailing) in one transaction.
   */
  insert(request: NewRequest, audit: readonly AuditEvent[], warning: AgencyWarning | undefined, now: Date): Promise<StoredRequest>
  /**
   * Replaces a request still in state `from` by its correction (and its document, when one is
   * given; its agency, platform and submitter stay), with `audit` and the warning, in one
   * transaction; `undefined` when the request has left `from` meanwhile.
   */
  replace(
    request: NewRequest,
    from: ReviewRecord['state'],
    audit: readonly AuditEvent[],
    warning: AgencyWarning | undefined,
    now: Date,
  ): Promise<StoredRequest | undefined>
}

/**
 * The ports of the requests use cases.
 *
 * @example
 * const deps: RequestsDeps = { store: createRequestsStore(db, accounts), reviews: createReviewStore(db), identity: identityStore, clock, random, settings }
 */
export interface RequestsDeps {
  readonly store: RequestsStore
  /** The stored requests, as a correction or the intake defaults read them. */
  readonly reviews: Pick<ReviewStore, 'find' | 'directory'>
  /** The organisations and users a submission names. */
  readonly identity: Pick<AuthStore, 'findOrg' | 'findUser'>
  readonly clock: Clock
  readonly random: Random
  readonly settings: AssessmentSettings
}
