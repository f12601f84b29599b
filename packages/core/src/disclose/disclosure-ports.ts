import type {
  DisclosureEvidence,
  DisclosureSource,
  DisclosureStatus,
  DisclosureStep,
  IngestResult,
  NetworksFile,
  OrgId,
  ProposedTechnique,
  StixObject,
  Tlp,
  TriageStatus,
  UserId,
} from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import type { DetectStore, DetectUser } from '../detect/detect-ports.js'
import type { Random } from '../shared/random.js'
import type { DisclosurePost } from './redact-post.js'

/** The frozen copy of a published disclosure: what the public URL serves and the exchange holds. */
export interface DisclosurePublication {
  readonly collection: string
  readonly tlp: Tlp
  readonly stixReportId: string
  readonly html: string
  readonly markdown: string
  readonly stix: Record<string, unknown>
}

/** A disclosure's public address: its frozen copy, or the notice that it was withdrawn after publication. */
export type PublicDisclosureRecord =
  | { readonly status: 'published'; readonly publication: DisclosurePublication }
  | { readonly status: 'withdrawn'; readonly reason: string; readonly withdrawnAt: Date }

/** A disclosure as stored. */
export interface DisclosureRecord {
  readonly id: string
  readonly orgId: OrgId
  readonly slug: string
  readonly status: DisclosureStatus
  readonly title: string
  readonly summary: string
  readonly origin: string
  readonly targets: readonly string[]
  readonly surfaces: readonly string[]
  readonly techniques: readonly ProposedTechnique[]
  readonly notes: string
  readonly source: DisclosureSource
  readonly threshold: number
  /** The chosen sample posts' ids, in order. */
  readonly samples: readonly string[]
  readonly evidence: DisclosureEvidence
  /** The disclosure's HMAC key for hashing small accounts; never leaves the store but to redact. */
  readonly redactionKey: Uint8Array
  /** Lower-cased handles of accounts at or above the threshold that the posts mention. */
  readonly keptHandles: readonly string[]
  /** The members with posts in the dump: screen name and followers at their latest post. */
  readonly accounts: readonly { readonly account: string; readonly screenName: string | null; readonly followers: number | null }[]
  readonly createdBy: UserId
  readonly createdAt: Date
  readonly publishedAt: Date | null
  readonly publication: DisclosurePublication | null
  readonly withdrawReason: string | null
  readonly withdrawnAt: Date | null
}

/** One workflow step as stored: the user's id (for the four-eyes rule) and e-mail. */
export interface DisclosureStepRecord extends DisclosureStep {
  readonly userId: UserId
}

/** What a step changes; the record's other fields stay. */
export type DisclosureChange = Partial<
  Pick<
    DisclosureRecord,
    | 'status'
    | 'title'
    | 'summary'
    | 'origin'
    | 'targets'
    | 'surfaces'
    | 'notes'
    | 'samples'
    | 'publishedAt'
    | 'publication'
    | 'withdrawReason'
    | 'withdrawnAt'
  >
>

/** The store of disclosures, their workflow steps and the posts they may quote. */
export interface DisclosureStore {
  /** Inserts a draft, its posts and its `created` step, with the audit entry, in one transaction. */
  insert(record: DisclosureRecord, posts: readonly DisclosurePost[], audit: AuditEvent, now: Date): Promise<void>
  /** The organisation's disclosure, with its steps oldest first; `undefined` for another organisation's. */
  find(orgId: OrgId, id: string): Promise<{ record: DisclosureRecord; history: DisclosureStepRecord[] } | undefined>
  list(orgId: OrgId): Promise<{ id: string; slug: string; status: DisclosureStatus; title: string; createdBy: string; createdAt: Date }[]>
  /**
   * What the public address of a disclosure shows: the frozen copy while published, the
   * withdrawal's reason and date once a published disclosure is withdrawn; `undefined` for
   * anything never published.
   */
  findPublic(slug: string): Promise<PublicDisclosureRecord | undefined>
  /** The disclosure's posts: those with the given ids, or the first `limit` by time. */
  posts(id: string, query: { readonly ids?: readonly string[]; readonly limit?: number }): Promise<DisclosurePost[]>
  countPosts(id: string): Promise<number>
  /**
   * Applies `change` if the disclosure is still in one of `from`, records the step and the
   * audit entry, in one transaction; false if it moved meanwhile.
   */
  change(
    id: string,
    from: readonly DisclosureStatus[],
    change: DisclosureChange,
    step: { readonly step: DisclosureStep['step']; readonly userId: UserId; readonly reason?: string },
    audit: AuditEvent,
    now: Date,
  ): Promise<boolean>
}

/** What disclosures need besides their store: the detection results, the dump's posts, the exchange. */
export interface DisclosureDeps {
  readonly store: DisclosureStore
  readonly random: Random
  /**
   * The source's named networks (of the actor's organisation's completed run, or its feed's
   * confirmed live networks) and the latest triage of each (a confirmed live network is `confirmed`).
   * @throws VigilError `NOT_FOUND` for an unknown run, feed or network
   */
  readonly sourceNetworks: (
    actor: DetectUser,
    source: DisclosureSource,
  ) => Promise<{ readonly file: NetworksFile; readonly triage: ReadonlyMap<string, TriageStatus> }>
  /** The actor's organisation's allowlist (detect's own read). */
  readonly allowlistedAccounts: DetectStore['allowlistedAccounts']
  /**
   * The posts of the source's dump by `accounts`, and every screen name of the dump
   * (lower-cased) with its account's latest follower count (`null` where it has none).
   * @throws VigilError `CONFLICT` when the dump is no longer kept
   */
  readonly sourcePosts: (
    actor: DetectUser,
    source: DisclosureSource,
    accounts: ReadonlySet<string>,
  ) => Promise<{ readonly posts: DisclosurePost[]; readonly handles: ReadonlyMap<string, number | null> }>
  /** @throws VigilError when the actor may not write the collection */
  readonly writableCollection: (actor: Actor, collectionId: string) => Promise<unknown>
  readonly addObjects: (actor: Actor, collectionId: string, objects: readonly StixObject[], tlp: Tlp) => Promise<IngestResult>
}
