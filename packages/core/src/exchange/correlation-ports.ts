import type { CorrelationNotice, StixObject } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import type { Clock } from '../shared/clock.js'
import type { Random } from '../shared/random.js'
import type { Reader } from './access.js'
import type { ExchangeObjectStore } from './exchange-ports.js'

/** An object version correlation has not looked at yet. */
export interface UnindexedVersion {
  readonly seq: string
  readonly stixId: string
  readonly creatorOrgId: string | null
  readonly revoked: boolean
  readonly object: StixObject
}

/** One observable key of one object version: an SCO's own, or one a correlation subject carries (`subject`). */
export interface ObservableKeyEntry {
  readonly seq: string
  readonly stixId: string
  readonly creatorOrgId: string | null
  readonly subject: boolean
  readonly key: string
}

/** A notice for one organisation: two objects (`objectA < objectB`) and the keys they share. */
export interface NewCorrelationNotice {
  readonly id: string
  readonly orgId: string
  readonly objectA: string
  readonly objectB: string
  readonly keys: readonly string[]
  readonly createdAt: Date
}

/** The observable index as one batch sees it, inside its transaction and under the correlator's lock. */
export interface CorrelationIndex {
  /** The versions not yet indexed, in the order they were added (at most the batch's limit). */
  readonly versions: readonly UnindexedVersion[]
  /** Stores keys; the same key of the same version is stored once. */
  addKeys(entries: readonly ObservableKeyEntry[]): Promise<void>
  /** The SCO keys indexed for these objects, by STIX id. */
  scoKeys(stixIds: readonly string[]): Promise<ReadonlyMap<string, ReadonlySet<string>>>
  /** The subjects but `stixId` that carry `key` and were created by another party than `creatorOrgId` (null: the instance). */
  subjectsSharing(key: string, stixId: string, creatorOrgId: string | null): Promise<readonly string[]>
  /** The ids of every organisation. */
  organisations(): Promise<readonly string[]>
  /** Which of these objects `reader` may see and has not seen revoked (the exchange's markings, in SQL). */
  visible(reader: Reader, stixIds: readonly string[]): Promise<ReadonlySet<string>>
  /** Stores notices; one already raised for the same organisation and pair gains the new keys. */
  raise(notices: readonly NewCorrelationNotice[]): Promise<void>
}

/** What the inbox asks for. */
export interface CorrelationInboxQuery {
  readonly includeDismissed?: boolean
  readonly object?: string
  readonly limit?: number
}

/** Correlation's index and notices. Reads are filtered in SQL by what the reader may see. */
export interface CorrelationStore {
  /**
   * In one transaction, under the correlator's lock (two correlators must not index the same
   * versions): hands at most `limit` unindexed versions to `index`, then marks them indexed.
   */
  indexBatch<T>(limit: number, index: (batch: CorrelationIndex) => Promise<T>): Promise<{ readonly processed: number; readonly result: T }>
  /** The actor's organisation's notices whose two objects it may still see, newest first; none for a system actor. */
  listNotices(actor: Actor, query: CorrelationInboxQuery): Promise<CorrelationNotice[]>
  /**
   * Marks one of the organisation's notices dismissed by `userId` (a first dismissal is kept)
   * and appends `audit`, in one transaction; undefined (nothing audited) when it has no such notice.
   */
  dismiss(orgId: string, userId: string, id: string, audit: AuditEvent, now: Date): Promise<CorrelationNotice | undefined>
}

/**
 * What correlation's use cases take: its store, and the exchange's object reads for the
 * containers a notice names.
 *
 * @example
 * const deps: CorrelationDeps = { correlations: createCorrelationStore(db), objects: createExchangeObjectStore(db), clock, random }
 */
export interface CorrelationDeps {
  readonly correlations: CorrelationStore
  readonly objects: Pick<ExchangeObjectStore, 'read'>
  readonly clock: Clock
  readonly random: Random
}
