import type { Tlp } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'

/**
 * Who reads, as the exchange's access rules see it: nobody signed in, the instance itself
 * (command-line work without `--as`), or a user of an organisation.
 */
export type Reader =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'instance' }
  | { readonly kind: 'member'; readonly orgId: string; readonly userId: string }

/**
 * The reader an actor reads as; `null` is an unauthenticated caller.
 *
 * @example
 * readerOf(systemActor('cli')) // { kind: 'instance' }
 */
export function readerOf(actor: Actor | null): Reader {
  if (actor === null) return { kind: 'anonymous' }
  return actor.kind === 'system' ? { kind: 'instance' } : { kind: 'member', orgId: actor.orgId, userId: actor.userId }
}

/** Who a collection grants reading to. */
export interface CollectionReaders {
  /** Everyone on the instance (members, the instance itself; never anonymous callers unless CLEAR). */
  readonly everyone: boolean
  /** Organisations named as readers, directly or through a sharing group's membership. */
  readonly orgIds: readonly string[]
}

/** What decides who may read one stored object version. */
export interface ObjectAccess {
  readonly tlp: Tlp
  /** The organisation of whoever put the object into Vigil; null for the instance itself. */
  readonly creatorOrgId: string | null
  /** AMBER, AMBER+STRICT: organisations named for this object. */
  readonly recipientOrgIds: readonly string[]
  /** RED: the users named for this object. */
  readonly recipientUserIds: readonly string[]
  readonly collection: CollectionReaders
}

/**
 * Whether the collection holding an object grants it to `reader`. The instance itself may
 * look into every collection; what it then sees the markings decide.
 */
export function collectionGrants(reader: Reader, readers: CollectionReaders): boolean {
  if (reader.kind === 'instance') return true
  if (reader.kind === 'anonymous') return readers.everyone
  return readers.everyone || readers.orgIds.includes(reader.orgId)
}

/**
 * TLP 2.0 as DESIGN.md §2 states it. Markings only narrow what the collection grants:
 * CLEAR sets no further limit; GREEN, members of the instance only, never anonymous;
 * AMBER, only the organisations the object was shared with (the creator, the organisations
 * the collection names, the object's named recipients; never "everyone"); AMBER+STRICT,
 * the creator and the named recipient organisations only; RED, the named users only.
 *
 * @example
 * tlpAllows({ kind: 'anonymous' }, { ...access, tlp: 'green' }) // false
 */
export function tlpAllows(reader: Reader, access: ObjectAccess): boolean {
  if (access.tlp === 'clear') return true
  if (access.tlp === 'green') return reader.kind !== 'anonymous'
  if (reader.kind !== 'member') return false
  const org = reader.orgId
  switch (access.tlp) {
    case 'amber':
      return org === access.creatorOrgId || access.collection.orgIds.includes(org) || access.recipientOrgIds.includes(org)
    case 'amber+strict':
      return org === access.creatorOrgId || access.recipientOrgIds.includes(org)
    case 'red':
      return access.recipientUserIds.includes(reader.userId)
  }
}

/**
 * The whole read decision: the collection grants the object and its marking allows it.
 *
 * @example
 * if (!canReadObject(readerOf(actor), access)) throw new VigilError('NOT_FOUND', 'no such object')
 */
export function canReadObject(reader: Reader, access: ObjectAccess): boolean {
  return collectionGrants(reader, access.collection) && tlpAllows(reader, access)
}

/** Reads of these levels are written to the audit log, each object each time. */
export function isAuditedTlp(tlp: Tlp): boolean {
  return tlp === 'red' || tlp === 'amber+strict'
}
