import type { Envelope, EnvelopeObject, TaxiiStatus } from '@vigil/contracts'
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
  addObjects(actor: Actor, collection: string, objects: readonly EnvelopeObject[]): Promise<PostOutcome>
  /** Objects `actor` may read, added after `cursor`, oldest first, with the cursor of the last one. */
  readObjects(
    actor: Actor,
    collection: string,
    page: { readonly after?: string; readonly limit: number },
  ): Promise<{ readonly objects: readonly EnvelopeObject[]; readonly cursor?: string }>
}
