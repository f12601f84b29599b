import type { Envelope, EnvelopeObject, PostedObject, TaxiiStatus } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import type { PostOutcome, StatusOwner } from './taxii-status.js'

/** Where status resources of POSTs are kept, so clients can poll them (TAXII 2.1 §4.3). */
export interface TaxiiStatusStore {
  save(status: TaxiiStatus, owner: StatusOwner & { readonly collectionId: string }): Promise<void>
  find(id: string): Promise<{ readonly status: TaxiiStatus; readonly owner: StatusOwner } | undefined>
}

/** One page read from a remote collection, with the date-added range the server reported. */
export interface RemotePage {
  readonly envelope: Envelope
  /** `X-TAXII-Date-Added-Last` of the page, when the server sent it. */
  readonly dateAddedLast?: string
}

/** A collection on another TAXII 2.1 server, as federation reads and writes it. */
export interface RemoteCollection {
  /** Identifies the collection for the stored sync state: `API_ROOT_URL` + collection id. */
  readonly key: string
  getObjects(query: { readonly addedAfter?: string; readonly next?: string; readonly limit?: number }): Promise<RemotePage>
  addObjects(objects: readonly EnvelopeObject[]): Promise<TaxiiStatus>
  /** The remote API root's `max_content_length`, in bytes. */
  maxContentLength(): Promise<number>
}

/** Where a pull or push resumes: the remote's `added_after` or the local cursor. */
export interface SyncStateStore {
  get(key: SyncStateKey): Promise<string | undefined>
  set(key: SyncStateKey, cursor: string): Promise<void>
}

/** Names one synchronisation: its direction, the remote collection and the local one. */
export interface SyncStateKey {
  readonly direction: 'pull' | 'push'
  readonly remote: string
  readonly local: string
}

/**
 * A collection of this instance, as federation reads and writes it. The exchange store
 * implements it with the same permission and marking rules as every other path.
 */
export interface LocalCollection {
  /** Stores `objects` as `actor`, keeping their markings; says what became of each. */
  addObjects(actor: Actor, collection: string, objects: readonly PostedObject[]): Promise<PostOutcome>
  /** Objects `actor` may read, added after `cursor`, oldest first, with the cursor of the last one. */
  readObjects(
    actor: Actor,
    collection: string,
    page: { readonly after?: string; readonly limit: number },
  ): Promise<{ readonly objects: readonly EnvelopeObject[]; readonly cursor?: string }>
}

/** A collection as TAXII shows it to one caller: its own rights on it. */
export interface TaxiiCollectionView {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly canRead: boolean
  readonly canWrite: boolean
}

/** One stored object version as TAXII serves it. */
export interface TaxiiObjectVersion {
  readonly id: string
  /** The version's `modified` (or `created`), as a TAXII timestamp. */
  readonly version: string
  /** When this server added the version (`date_added`, the order of every TAXII read). */
  readonly dateAdded: string
  readonly object: EnvelopeObject
}

/** What a TAXII read selects, in the store's terms (parsed from `match[...]`, `added_after`, `limit`, `next`). */
export interface TaxiiSelection {
  readonly ids?: readonly string[]
  readonly types?: readonly string[]
  readonly versions: 'last' | 'first' | 'all' | readonly string[]
  readonly addedAfter?: string
  readonly limit: number
  readonly next?: string
  /** False when `match[spec_version]` names no version the store holds (it holds STIX 2.1 only). */
  readonly anySpecVersion: boolean
}

/**
 * What the TAXII surface needs of the exchange store. Its implementation is the exchange
 * store itself, so TAXII reads and writes obey exactly the collection permissions and TLP
 * markings of every other path.
 */
export interface TaxiiStore {
  /** The collections `actor` may read or write; never EXCHANGE_COLLECTION_NOT_FOUND. */
  listCollections(actor: Actor): Promise<readonly TaxiiCollectionView[]>
  /** One collection `actor` may read or write, or EXCHANGE_COLLECTION_NOT_FOUND. */
  getCollection(actor: Actor, id: string): Promise<TaxiiCollectionView>
  /** Visible versions in date-added order, one page after `selection.next`. */
  readObjects(
    actor: Actor,
    collectionId: string,
    selection: TaxiiSelection,
  ): Promise<{
    readonly versions: readonly TaxiiObjectVersion[]
    /** The cursor of the next page; null on the last one. */
    readonly next: string | null
    /** The cursor just past the last version returned (null when none), where a later read resumes. */
    readonly end: string | null
  }>
  addObjects(actor: Actor, collectionId: string, objects: readonly PostedObject[]): Promise<PostOutcome>
  /** Removes the selected versions of one object from the collection; how many went. */
  deleteObject(actor: Actor, collectionId: string, objectId: string, selection: TaxiiSelection): Promise<number>
}
