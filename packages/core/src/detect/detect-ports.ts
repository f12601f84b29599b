import type {
  AllowlistEntry,
  DetectionRun,
  DetectParams,
  DetectRunFile,
  DetectRunId,
  IngestResult,
  NetworksFile,
  RunGraph,
  RunNetworkDetail,
  RunNetworkSummary,
  StixObject,
  Tlp,
  TriageStatus,
} from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import type { Clock } from '../shared/clock.js'
import type { Random } from '../shared/random.js'

/** Detection runs belong to an organisation: only its users act on them. */
export type DetectUser = Extract<Actor, { readonly kind: 'user' }>

/** A run about to be stored, queued. */
export interface NewDetectRun {
  readonly id: DetectRunId
  readonly files: readonly DetectRunFile[]
  readonly params: DetectParams
}

/** Who may read a collection, by name, as publishing shows it. */
export interface CollectionAudience {
  readonly title: string
  readonly everyone: boolean
  readonly orgs: readonly string[]
  readonly groups: readonly string[]
}

/** One network's part in a publication: the allowlisted accounts left out of it. */
export interface PublishedNetwork {
  readonly networkId: string
  readonly leftOut: readonly string[]
}

/** One publication of a run's networks: where, at which TLP, how many objects, which networks. */
export interface NetworksPublication {
  readonly collection: string
  readonly tlp: Tlp
  readonly objects: number
  readonly networks: readonly PublishedNetwork[]
}

/** What a publication stores: the STIX objects and, per network, what was left out. */
export interface PublicationPlan {
  readonly collection: string
  readonly tlp: Tlp
  readonly objects: readonly StixObject[]
  readonly networks: readonly PublishedNetwork[]
}

/**
 * What the detect use cases need of storage. Every read and write takes the acting user and
 * is limited to its organisation's runs (an unknown run and another organisation's answer
 * alike, `NOT_FOUND`); every change takes the audit event that records it and writes both in
 * one transaction.
 */
export interface DetectStore {
  /** Stores a queued run and its audit event in one transaction. */
  insertRun(actor: DetectUser, run: NewDetectRun, audit: AuditEvent, now: Date): Promise<DetectionRun>
  /** The organisation's runs, newest first. */
  listRuns(actor: DetectUser): Promise<DetectionRun[]>
  /** @throws VigilError `NOT_FOUND` */
  getRun(actor: DetectUser, runId: string): Promise<DetectionRun>
  /** Whether the dump a run read is still kept (uploads are deleted once no run needs them). */
  isDumpKept(file: DetectRunFile): Promise<boolean>

  listNetworks(actor: DetectUser, runId: string): Promise<RunNetworkSummary[]>
  getNetwork(actor: DetectUser, runId: string, networkId: string): Promise<RunNetworkDetail>
  hasNetwork(actor: DetectUser, runId: string, networkId: string): Promise<boolean>
  graph(actor: DetectUser, runId: string, limit: number): Promise<RunGraph>
  /** The named networks of a completed run. @throws VigilError `NOT_FOUND`, `CONFLICT` (not completed) */
  networksFile(actor: DetectUser, runId: string, networkIds: readonly string[]): Promise<NetworksFile>
  /** Each network's latest triage status; untriaged networks are absent. */
  latestTriage(actor: DetectUser, runId: string): Promise<ReadonlyMap<string, TriageStatus>>

  insertTriage(
    actor: DetectUser,
    decision: { readonly runId: string; readonly networkId: string; readonly status: TriageStatus; readonly note: string },
    audit: AuditEvent,
    now: Date,
  ): Promise<void>
  listAllowlist(actor: DetectUser): Promise<AllowlistEntry[]>
  allowlistedAccounts(actor: DetectUser): Promise<ReadonlySet<string>>
  /** Adds (or re-notes) an account. */
  putAllowlisted(actor: DetectUser, entry: { readonly account: string; readonly note: string }, audit: AuditEvent, now: Date): Promise<void>
  /** False (and nothing audited) when the account was not on the list. */
  removeAllowlisted(actor: DetectUser, account: string, audit: AuditEvent, now: Date): Promise<boolean>

  /**
   * Adds the objects to the collection through the exchange, keeps the publication on each
   * network and appends the audit event `audit` builds from what was stored: all in one
   * transaction, so a publication is never shared without its record, nor recorded unshared.
   */
  publish(
    actor: DetectUser,
    runId: string,
    plan: PublicationPlan,
    audit: (publication: NetworksPublication) => AuditEvent,
    now: Date,
  ): Promise<IngestResult>
}

/** What publishing needs of the exchange: a collection the actor may write, with its readers by name. */
export interface DetectExchange {
  /** @throws VigilError when the actor may not write the collection */
  writableCollection(actor: Actor, collectionId: string): Promise<CollectionAudience>
}

/** The dumps a run reads: those in the server's dump directory, copied in by content. */
export interface DumpFiles {
  /** Copies a dump of the server's dump directory into the uploads. @throws VigilError `NOT_FOUND`, `PAYLOAD_TOO_LARGE` */
  importServerDump(name: string): Promise<DetectRunFile>
}

/** The job queue; `enqueue` starts the run in the background. */
export interface DetectRunQueue {
  enqueue(runId: string): Promise<void>
}

/**
 * The ports of the detect use cases.
 *
 * @example
 * const deps: DetectDeps = { store: createDetectStore(db, exchange), exchange, dumps, queue, clock, random }
 */
export interface DetectDeps {
  readonly store: DetectStore
  readonly exchange: DetectExchange
  readonly dumps: DumpFiles
  /** Absent where no worker runs: runs cannot then be started. */
  readonly queue: DetectRunQueue | undefined
  readonly clock: Clock
  readonly random: Random
}
