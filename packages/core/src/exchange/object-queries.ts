import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import { getCollection } from './collection-admin.js'
import type { ExchangeDeps, ObjectFilter, ObjectPageResult, PageRequest, StoredObject } from './exchange-ports.js'

const HISTORY_LIMIT = 10_000
const EXPORT_PAGE = 5000

function noSuchObject(id: string): VigilError {
  // One answer for "absent" and "not yours to see", so a refusal reveals nothing.
  return new VigilError('EXCHANGE_OBJECT_NOT_FOUND', `no object ${id}`, { id })
}

type ReadDeps = Pick<ExchangeDeps, 'objects' | 'clock'>

/** A page of the objects `actor` may see (`null`: an anonymous caller). */
export function listObjects(deps: ReadDeps, actor: Actor | null, filter: ObjectFilter, page: PageRequest): Promise<ObjectPageResult> {
  return deps.objects.read(actor, filter, page, 'list', deps.clock.now())
}

/**
 * The newest version of an object the actor may see; the same object may sit in several
 * collections, and the newest version wins, then the first added.
 *
 * @example
 * const { object } = await getObject(deps, actor, 'campaign--…')
 * @throws VigilError `EXCHANGE_OBJECT_NOT_FOUND` alike for an absent and a hidden object
 */
export async function getObject(
  deps: ReadDeps,
  actor: Actor | null,
  stixId: string,
  options: { readonly version?: string; readonly includeRevoked?: boolean } = {},
): Promise<StoredObject> {
  const { objects } = await deps.objects.read(
    actor,
    { ids: [stixId], versions: options.version ? [options.version] : 'last', includeRevoked: options.includeRevoked ?? false },
    { limit: 100 },
    'get',
    deps.clock.now(),
  )
  const newest = [...objects].sort((a, b) => b.version.getTime() - a.version.getTime() || Number(a.seq) - Number(b.seq))[0]
  if (!newest) throw noSuchObject(stixId)
  return newest
}

/** Every version of an object the actor may see, oldest first. @throws VigilError `EXCHANGE_OBJECT_NOT_FOUND` when none */
export async function objectHistory(deps: ReadDeps, actor: Actor | null, stixId: string): Promise<StoredObject[]> {
  const { objects } = await deps.objects.read(
    actor,
    { ids: [stixId], versions: 'all', includeRevoked: true },
    { limit: HISTORY_LIMIT },
    'history',
    deps.clock.now(),
  )
  if (objects.length === 0) throw noSuchObject(stixId)
  return [...objects].sort((a, b) => a.version.getTime() - b.version.getTime() || Number(a.seq) - Number(b.seq))
}

/** Relationships and sightings that point at an object the actor may see. */
export async function objectRelationships(
  deps: ReadDeps,
  actor: Actor | null,
  stixId: string,
  page: PageRequest,
): Promise<ObjectPageResult> {
  await getObject(deps, actor, stixId)
  return deps.objects.read(actor, { ref: stixId, types: ['relationship', 'sighting'] }, page, 'relationships', deps.clock.now())
}

/**
 * The newest version of every object of a collection the actor may see, in the order added.
 *
 * @throws VigilError `EXCHANGE_COLLECTION_NOT_FOUND` alike for an absent and a hidden collection
 */
export async function exportCollection(
  deps: Pick<ExchangeDeps, 'objects' | 'collections' | 'clock'>,
  actor: Actor,
  collectionId: string,
  filter: { readonly types?: readonly string[] } = {},
): Promise<unknown[]> {
  const collection = await getCollection(deps, actor, collectionId)
  const objects: unknown[] = []
  let after: string | undefined
  do {
    const page = await deps.objects.read(
      actor,
      { collectionId: collection.id, ...(filter.types ? { types: filter.types } : {}) },
      { limit: EXPORT_PAGE, ...(after ? { after } : {}) },
      'export',
      deps.clock.now(),
    )
    objects.push(...page.objects.map((o) => o.object))
    after = page.next ?? undefined
  } while (after)
  return objects
}
