import { randomUUID } from 'node:crypto'
import type {
  CollectionGrantsInput,
  CollectionInput,
  CollectionPatch,
  IngestOptions,
  IngestResult,
  SharingGroupId,
  SharingGroupInput,
  StixBundle,
  TagTechniquesInput,
} from '@vigil/contracts'
import {
  type Actor,
  type Clock,
  createCollection,
  createSharingGroup,
  deleteObjectVersions,
  type ExchangeDeps,
  exportCollection,
  getCollection,
  getObject,
  importObjects,
  listCollections,
  listObjects,
  listSharingGroups,
  listTechniqueTags,
  type ObjectFilter,
  objectHistory,
  objectRelationships,
  type PageRequest,
  requireWritable,
  setCollectionGrants,
  setSharingGroupMembers,
  sightingSummary,
  systemClock,
  tagWithTechniques,
  updateCollection,
  withdrawSighting,
} from '@vigil/core'
import type { Kysely } from 'kysely'
import { nodeRandom } from '../auth/node-random.js'
import type { Database } from '../postgres/database-schema.js'
import { createExchangeCollectionStore, createExchangeGroupStore } from './collection-store.js'
import { createExchangeObjectStore } from './exchange-object-store.js'

/**
 * The exchange's ports over one database: objects (reads with the markings in SQL, writes
 * with their audit entry in the same transaction) and collections.
 *
 * @example
 * const deps = createExchangeDeps(db, clock); await importObjects(deps, actor, collectionId, bundle.objects)
 */
export function createExchangeDeps(db: Kysely<Database>, clock: Clock = systemClock): ExchangeDeps {
  return {
    objects: createExchangeObjectStore(db),
    collections: createExchangeCollectionStore(db),
    groups: createExchangeGroupStore(db),
    clock,
    random: nodeRandom,
  }
}

/**
 * The threat exchange's use cases (core's) bound to one database, for the server's routes,
 * the CLI, TAXII and the contexts that publish into the exchange. Every function takes the
 * acting `Actor` (or null for an anonymous caller); every read goes through `readObjects`,
 * which applies the TLP and collection rules inside its SQL. Admin changes take the time
 * they are made at.
 *
 * @example
 * const store = createExchangeStore(db); await store.addObjects(actor, collectionId, bundle.objects)
 */
export function createExchangeStore(db: Kysely<Database>, clock: Clock = systemClock) {
  const deps = createExchangeDeps(db, clock)
  const at = (now: Date): ExchangeDeps => ({ ...deps, clock: { now: () => now } })
  return {
    createSharingGroup: (actor: Actor, input: SharingGroupInput, now: Date) => createSharingGroup(at(now), actor, input),
    listSharingGroups: (actor: Actor) => listSharingGroups(deps, actor),
    setSharingGroupMembers: (actor: Actor, groupId: SharingGroupId, orgIds: readonly string[], now: Date) =>
      setSharingGroupMembers(at(now), actor, groupId, orgIds),
    getCollection: (actor: Actor, idOrTitle: string) => getCollection(deps, actor, idOrTitle),
    listCollections: (actor: Actor) => listCollections(deps, actor),
    requireWritable: (actor: Actor, collectionId: string) => requireWritable(deps, actor, collectionId),
    createCollection: (actor: Actor, input: CollectionInput, now: Date) => createCollection(at(now), actor, input),
    setCollectionGrants: (actor: Actor, collectionId: string, input: CollectionGrantsInput, now: Date) =>
      setCollectionGrants(at(now), actor, collectionId, input),
    updateCollection: (actor: Actor, collectionId: string, input: CollectionPatch, now: Date) =>
      updateCollection(at(now), actor, collectionId, input),

    list: (actor: Actor | null, filter: ObjectFilter, page: PageRequest) => listObjects(deps, actor, filter, page),
    get: (actor: Actor | null, stixId: string, options: { readonly version?: string; readonly includeRevoked?: boolean } = {}) =>
      getObject(deps, actor, stixId, options),
    history: (actor: Actor | null, stixId: string) => objectHistory(deps, actor, stixId),
    relationships: (actor: Actor | null, stixId: string, page: PageRequest) => objectRelationships(deps, actor, stixId, page),
    /** Who confirmed an object, counted per organisation among the sightings the actor may see. */
    sightings: (actor: Actor | null, stixId: string) => sightingSummary(deps, actor, stixId),
    /** Withdraws the actor's organisation's own sighting (a revoked version, audited). */
    withdrawSighting: (actor: Actor, sightingId: string) => withdrawSighting(deps, actor, sightingId),
    /** The DISARM techniques an object is tagged with, as the actor may see them. */
    techniques: (actor: Actor, stixId: string) => listTechniqueTags(deps, actor, stixId),
    /** Tags an object with DISARM techniques (`uses` relationships imported into a collection). */
    tagTechniques: (actor: Actor, input: TagTechniquesInput) => tagWithTechniques(deps, actor, input),

    /**
     * Imports STIX objects as `actor` into a collection: the one entry point every path that
     * stores objects uses (core's `importObjects`).
     */
    addObjects: (actor: Actor, collectionId: string, values: readonly unknown[], options: IngestOptions = {}): Promise<IngestResult> =>
      importObjects(deps, actor, collectionId, values, options),

    /** Deletes versions of one object the actor's organisation added (TAXII 2.1 §5.8). */
    deleteObjectVersions: (actor: Actor, collectionId: string, stixId: string, versions: NonNullable<ObjectFilter['versions']>) =>
      deleteObjectVersions(deps, actor, collectionId, stixId, versions),

    /** A STIX bundle of the newest version of every object of a collection the actor may see. */
    async exportBundle(
      actor: Actor,
      collectionId: string,
      filter: { readonly types?: readonly string[] } = {},
    ): Promise<StixBundle & { objects: unknown[] }> {
      return { type: 'bundle', id: `bundle--${randomUUID()}`, objects: await exportCollection(deps, actor, collectionId, filter) }
    },

    /**
     * How many object versions a collection stores (of the given types), whoever may read
     * them: for the operator's CLI to say why an export came out empty. Never for a route.
     */
    storedObjectCount: (collectionId: string, filter: { readonly types?: readonly string[] } = {}) =>
      deps.objects.storedCount(collectionId, filter.types),
  }
}

/** The exchange store over one database. */
export type ExchangeStore = ReturnType<typeof createExchangeStore>
