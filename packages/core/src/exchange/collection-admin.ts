import { type Collection, CollectionGrantsInput, CollectionInput, CollectionPatch } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
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

/**
 * One audited change to an existing collection by the instance administrator: `change`
 * stores it with the audit event of `action` and `details`, then the collection is read back.
 */
async function changeCollection(
  deps: ExchangeDeps,
  actor: Actor,
  collectionId: string,
  plan: (before: Collection) => {
    readonly action: string
    readonly details: Readonly<Record<string, unknown>>
    readonly store: (audit: AuditEvent, now: Date) => Promise<void>
  },
): Promise<Collection> {
  requirePermission(actor, 'instance:admin')
  const before = await getCollection(deps, actor, collectionId)
  const { action, details, store } = plan(before)
  await store({ actor, action, target: { type: 'collection', id: before.id }, outcome: 'success', details }, deps.clock.now())
  return getCollection(deps, actor, before.id)
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
  return changeCollection(deps, actor, collectionId, ({ id }) => ({
    action: 'exchange.collection.grants',
    details: { read: g.read, write: g.write },
    store: (audit, now) => deps.collections.replaceGrants(id, g, audit, now),
  }))
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
  return changeCollection(deps, actor, collectionId, (before) => ({
    action: 'exchange.collection.update',
    details: Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { before: before[k as keyof CollectionPatch], after: v }])),
    store: (audit, now) => deps.collections.update(before.id, patch, audit, now),
  }))
}
