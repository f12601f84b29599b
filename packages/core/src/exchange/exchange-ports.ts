import type { Collection, CollectionGrantsInput, CollectionPatch, StixObject, Tlp } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import type { Clock } from '../shared/clock.js'
import type { Random } from '../shared/random.js'
import type { Reader } from './access.js'
import type { PreparedObject } from './prepare-objects.js'

/** One stored object version as reads return it, with what Vigil records beside it. */
export interface StoredObject {
  /** The order objects were added in: TAXII's date-added order and the cursor's key. */
  readonly seq: string
  readonly collectionId: string
  readonly stixId: string
  readonly type: string
  readonly version: Date
  /** When this server added the version, to the microsecond (RFC 3339, UTC). */
  readonly dateAdded: string
  readonly tlp: Tlp
  readonly tlpSource: 'object' | 'default'
  readonly creatorOrgId: string | null
  readonly revoked: boolean
  readonly object: StixObject
}

/** What to read. Every filter narrows; none can widen what the reader may see. */
export interface ObjectFilter {
  readonly collectionId?: string
  readonly ids?: readonly string[]
  readonly types?: readonly string[]
  readonly tlps?: readonly Tlp[]
  readonly creatorOrgId?: string
  /** Only versions added after this RFC 3339 time (microseconds count). */
  readonly addedAfter?: string
  readonly modifiedAfter?: Date
  readonly modifiedBefore?: Date
  /** Free text over names and descriptions (case-insensitive substring). */
  readonly text?: string
  /** An SCO's value (a URL, domain, address, account login or id, file name). */
  readonly observable?: string
  /** Relationships and sightings that point at this id. */
  readonly ref?: string
  /** Objects whose `object_refs` name any of these ids (the reports and groupings holding them). */
  readonly holding?: readonly string[]
  /** TAXII's `match[version]`: the newest visible version (default), the first, all, or any of `last`, `first` and timestamps. */
  readonly versions?: 'last' | 'first' | 'all' | readonly string[]
  /** Revoked objects are hidden unless asked for. */
  readonly includeRevoked?: boolean
}

/** A page of a read: `limit` rows after the cursor `after`. */
export interface PageRequest {
  readonly limit: number
  readonly after?: string
}

export interface ObjectPageResult {
  readonly objects: readonly StoredObject[]
  readonly next: string | null
}

/** Why an object was read, for the audit log. */
export type ReadPath = 'list' | 'get' | 'history' | 'relationships' | 'export' | 'taxii'

/** A collection as the object store needs it. */
export interface CollectionRecord {
  readonly id: Collection['id']
  readonly title: string
  readonly defaultTlp: Tlp
}

/** An object of an import whose id the collection already holds: who shared its first version, and whether this version is there. */
export interface ExistingPosting {
  /** The bundle index of the incoming object. */
  readonly index: number
  /** The organisation that shared the object's first version in the collection; null for the instance. */
  readonly firstCreatorOrgId: string | null
  /** The same version is already stored (a re-post, which changes nothing). */
  readonly versionStored: boolean
}

/** Who adds a batch of versions, and for whom (AMBER, AMBER+STRICT and RED recipients). */
export interface VersionWriter {
  readonly creatorOrgId: string | null
  /** `user:<id>` or `system:<name>`. */
  readonly addedBy: string
  readonly recipientOrgIds: readonly string[]
  readonly recipientUserIds: readonly string[]
}

/** The exchange's object store: reads filtered by the markings in SQL, writes with their audit entry. */
export interface ExchangeObjectStore {
  /** Objects as `actor` may see them (the access rules inside the query); RED and AMBER+STRICT reads are audited. */
  read(actor: Actor | null, filter: ObjectFilter, page: PageRequest, via: ReadPath, now: Date): Promise<ObjectPageResult>
  /** Which of these organisation or user ids exist. */
  existing(kind: 'org' | 'user', ids: readonly string[]): Promise<ReadonlySet<string>>
  /**
   * In one transaction, under the collection's lock: finds the incoming objects whose id the
   * collection already holds, lets `refuse` pick the bundle indexes to refuse, stores the
   * rest (the same posting twice is stored once), and appends `audit(refused)`. Returns the
   * refused indexes.
   */
  addVersions(
    collectionId: string,
    objects: readonly PreparedObject[],
    writer: VersionWriter,
    refuse: (existing: readonly ExistingPosting[]) => ReadonlySet<number>,
    audit: (refused: ReadonlySet<number>) => AuditEvent,
    now: Date,
  ): Promise<ReadonlySet<number>>
  /** The names of these organisations, by id (those that exist). */
  orgNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>>
  /** Deletes these stored versions (by `seq`), with `audit`, in one transaction. */
  deleteVersions(seqs: readonly string[], audit: AuditEvent, now: Date): Promise<void>
  /** How many object versions a collection stores (of the given types), whoever may read them. */
  storedCount(collectionId: string, types?: readonly string[]): Promise<number>
}

/** A new collection, as stored. */
export interface NewCollection {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly defaultTlp: Tlp
  readonly createdBy: string
  readonly grants: CollectionGrantsInput
}

/** Collections and who may read and write them. Lookups are filtered in SQL by the readers given. */
export interface ExchangeCollectionStore {
  /**
   * The collections `reader` may read or write (the id or title `only`, if given), each
   * with `canWrite` as `writer` sees it.
   */
  find(reader: Reader, writer: Reader, only?: string): Promise<Collection[]>
  /** Inserts a collection, its grants and `audit`; CONFLICT for a taken title, VALIDATION_FAILED for an unknown organisation or group. */
  insert(collection: NewCollection, audit: AuditEvent, now: Date): Promise<void>
  /** Replaces a collection's grants, with `audit`, in one transaction. */
  replaceGrants(id: string, grants: CollectionGrantsInput, audit: AuditEvent, now: Date): Promise<void>
  /** Changes a collection's details, with `audit`, in one transaction; CONFLICT for a taken title. */
  update(id: string, patch: CollectionPatch, audit: AuditEvent, now: Date): Promise<void>
}

/** What the exchange's use cases take. */
export interface ExchangeDeps {
  readonly objects: ExchangeObjectStore
  readonly collections: ExchangeCollectionStore
  readonly clock: Clock
  readonly random: Random
}
