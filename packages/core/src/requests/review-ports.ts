import type { AgencyDirectoryEntry, AgencyWarning, AssessmentSettings, AuditEntry, OrgId } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Clock } from '../shared/clock.js'
import type { AccountDataSource, AccountExtract } from './account-data-source.js'
import type { StoredRequest } from './requests-ports.js'
import type { Transition } from './review-machine.js'

/** What a decision does to a request's user notices (§3.4). */
export interface NoticeChanges {
  /** Replaces the request's held and queued notices with one per account holder. */
  readonly queue?: {
    readonly status: 'queued' | 'held'
    /** The first day the notices may go; `null` while legal sets no date. */
    readonly notBefore: string | null
    readonly recipients: readonly { readonly accountId: string; readonly email: string | null }[]
  }
  /** Moves the held notices without a date (an emergency's) to the queue from this day. */
  readonly releaseUndated?: string
  /** Cancels the held and queued notices (a withdrawal or a rejection). */
  readonly cancel?: boolean
}

/** A disclosure package to store, with the link's secret only as its hash. */
export interface NewPackage {
  readonly id: string
  readonly tokenHash: string
  readonly sha256: string
  readonly manifest: unknown
  readonly content: Uint8Array
  readonly expiresAt: Date
}

/** Everything one review action changes besides the request's record. */
export interface ReviewEffects {
  readonly notices?: NoticeChanges
  readonly package?: NewPackage
  /** Thread messages besides the transition's own. */
  readonly messages?: readonly { readonly from: 'requester' | 'reviewer'; readonly text: string }[]
  /** Audit entries besides the transition's own. */
  readonly audit?: readonly AuditEvent[]
  /** A warning to the agency a failed call-back suggests is impersonated (§3.1 G1). */
  readonly agencyWarning?: AgencyWarning
}

/** A review action as core decided it on the locked request. */
export interface ReviewChange {
  readonly transition: Transition
  readonly effects?: ReviewEffects
}

/** A stored disclosure package, as the download and the record read it. */
export interface StoredPackage {
  readonly id: string
  readonly sha256: string
  readonly createdAt: Date
  readonly expiresAt: Date
  readonly purgedAt: Date | null
  /** The zip; `null` once the retention period purged it. */
  readonly content: Uint8Array | null
}

/** A request's signed legal document as stored; `content` is `null` once purged. */
export interface StoredDocument {
  readonly filename: string
  readonly sha256: string
  readonly content: Uint8Array | null
}

/** One message of a request's thread. */
export interface RequestMessage {
  readonly side: 'requester' | 'reviewer'
  readonly author: string
  readonly text: string
  readonly at: Date
}

/**
 * What the review use cases need of storage: reads without authorization (core decides who may
 * see what) and one change per action, in one transaction with its audit entries.
 */
export interface ReviewStore {
  find(id: string): Promise<StoredRequest | undefined>
  /** The requests of an agency or of a platform (either given), newest first. */
  list(scope: { readonly agencyOrgId?: OrgId; readonly platformOrgId?: OrgId }, limit: number): Promise<StoredRequest[]>
  messages(id: string): Promise<RequestMessage[]>
  /** The verified-agency directory. */
  directory(): Promise<AgencyDirectoryEntry[]>
  /**
   * Locks the request, asks `decide` for the change from its locked state (which may throw, and
   * then nothing is written), and stores the record, the thread message, the audit entries and
   * the effects in one transaction. `undefined` for an unknown id.
   */
  change(id: string, decide: (locked: StoredRequest) => ReviewChange, now: Date): Promise<StoredRequest | undefined>
  /** The package of a request whose link's secret hashes to `tokenHash`. */
  findPackage(requestId: string, tokenHash: string): Promise<StoredPackage | undefined>
  /** The request's packages, oldest first, without their content. */
  packages(requestId: string): Promise<Omit<StoredPackage, 'content'>[]>
  document(requestId: string): Promise<StoredDocument | undefined>
  /** The audited events of a request, in order, at most `limit`. */
  events(requestId: string, limit: number): Promise<AuditEntry[]>
  /** Records an audit entry of a read (a download, a document opened), which changes nothing else. */
  audit(event: AuditEvent, now: Date): Promise<void>
}

/** A built disclosure package: the zip, its manifest, and the secret of its download link. */
export interface BuiltPackage {
  readonly id: string
  readonly zip: Uint8Array
  readonly sha256: string
  readonly manifest: unknown
  readonly token: string
  readonly tokenHash: string
}

/** What a disclosure package states besides its files. */
export interface PackageMeta {
  readonly requestId: string
  readonly caseNumber: string
  readonly categories: StoredRequest['approvedCategories']
  readonly dateRange: { readonly from: string; readonly to: string }
  readonly fieldLimits: Readonly<Record<string, readonly string[]>>
}

/** Builds and signs disclosure packages (the instance's signing key stays behind this port). */
export interface DisclosurePackager {
  build(extracts: readonly AccountExtract[], meta: PackageMeta, now: Date): Promise<BuiltPackage>
}

/**
 * The ports of the review use cases.
 *
 * @example
 * const deps: ReviewDeps = { store: createReviewStore(db), accounts, packager, clock, settings }
 */
export interface ReviewDeps {
  readonly store: ReviewStore
  readonly accounts: AccountDataSource
  /** Absent where nothing is disclosed (the background jobs). */
  readonly packager?: DisclosurePackager
  readonly clock: Clock
  readonly settings: AssessmentSettings
}
