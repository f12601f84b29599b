import { type Collection, CollectionGrantsInput, CollectionInput, CollectionPatch } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { can } from '../auth/can.js'
import { requirePermission, requireThat } from '../auth/require-permission.js'
import { VigilError } from '../shared/errors.js'
import { parseInput } from '../shared/parse-input.js'
import { type Reader, readerOf } from './access.js'
import type { CollectionRecord, ExchangeDeps } from './exchange-ports.js'

/**
 * Who looks for collections: the instance admin manages every collection (what it may read
 * inside them the markings decide); anyone else sees those granted to it.
 */
function lookupReader(actor: Actor): Reader {
  return can(actor, 'instance:admin') ? { kind: 'instance' } : readerOf(actor)
}

function noSuchCollection(idOrTitle: string): VigilError {
  // One answer for "absent" and "not yours to see", so a refusal reveals nothing.
  return new VigilError('EXCHANGE_COLLECTION_NOT_FOUND', `no collection '${idOrTitle}'`, { collection: idOrTitle })
}

/**
 * One collection the actor may read or write, by id or title.
 *
 * @example
 * const c = await getCollection(deps, actor, 'Election taskforce')
 * @throws VigilError `EXCHANGE_COLLECTION_NOT_FOUND` alike for an absent and a hidden one
 */
export async function getCollection(deps: Pick<ExchangeDeps, 'collections'>, actor: Actor, idOrTitle: string): Promise<Collection> {
  const [found] = await deps.collections.find(lookupReader(actor), readerOf(actor), idOrTitle)
  if (!found) throw noSuchCollection(idOrTitle)
  return found
}

/** The collections the actor may read or write. */
export function listCollections(deps: Pick<ExchangeDeps, 'collections'>, actor: Actor): Promise<Collection[]> {
  return deps.collections.find(lookupReader(actor), readerOf(actor))
}

/**
 * The collection the actor may add objects to.
 *
 * @example
 * const { id, defaultTlp } = await requireWritable(deps, actor, collectionId)
 * @throws VigilError `EXCHANGE_COLLECTION_NOT_FOUND`, or `AUTH_FORBIDDEN` for one it may only read
 */
export async function requireWritable(
  deps: Pick<ExchangeDeps, 'collections'>,
  actor: Actor,
  collectionId: string,
): Promise<CollectionRecord> {
  const collection = await getCollection(deps, actor, collectionId)
  requireThat(collection.canWrite, `this account may not add objects to collection '${collection.title}'`, { collection: collection.id })
  return { id: collection.id, title: collection.title, defaultTlp: collection.defaultTlp }
}

const createdBy = (actor: Actor) => (actor.kind === 'user' ? `user:${actor.userId}` : `system:${actor.name}`)

/**
 * Creates a collection with its grants; only the instance administrator may.
 *
 * @example
 * await createCollection(deps, admin, { title: 'Taskforce', read: { orgIds: [a, b] }, write: { orgIds: [a] } })
 */
export async function createCollection(deps: ExchangeDeps, actor: Actor, input: CollectionInput): Promise<Collection> {
  requirePermission(actor, 'instance:admin')
  const c = CollectionInput.parse(input)
  const id = deps.random.uuid()
  await deps.collections.insert(
    { id, title: c.title, description: c.description, defaultTlp: c.defaultTlp, createdBy: createdBy(actor), grants: c },
    {
      actor,
      action: 'exchange.collection.create',
      target: { type: 'collection', id },
      outcome: 'success',
      details: { title: c.title, read: c.read, write: c.write, defaultTlp: c.defaultTlp },
    },
    deps.clock.now(),
  )
  return getCollection(deps, actor, id)
}

/** Replaces who may read and write a collection; only the instance administrator may. */
export async function setCollectionGrants(
  deps: ExchangeDeps,
  actor: Actor,
  collectionId: string,
  input: CollectionGrantsInput,
): Promise<Collection> {
  requirePermission(actor, 'instance:admin')
  const g = CollectionGrantsInput.parse(input)
  const { id } = await getCollection(deps, actor, collectionId)
  await deps.collections.replaceGrants(
    id,
    g,
    {
      actor,
      action: 'exchange.collection.grants',
      target: { type: 'collection', id },
      outcome: 'success',
      details: { read: g.read, write: g.write },
    },
    deps.clock.now(),
  )
  return getCollection(deps, actor, id)
}

/** Changes a collection's title, description or default TLP; only the instance administrator may. */
export async function updateCollection(
  deps: ExchangeDeps,
  actor: Actor,
  collectionId: string,
  input: CollectionPatch,
): Promise<Collection> {
  requirePermission(actor, 'instance:admin')
  const patch = parseInput(CollectionPatch, input)
  const before = await getCollection(deps, actor, collectionId)
  const changed = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { before: before[k as keyof CollectionPatch], after: v }]))
  await deps.collections.update(
    before.id,
    patch,
    { actor, action: 'exchange.collection.update', target: { type: 'collection', id: before.id }, outcome: 'success', details: changed },
    deps.clock.now(),
  )
  return getCollection(deps, actor, before.id)
}
