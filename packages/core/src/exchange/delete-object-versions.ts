import type { Actor } from '../auth/actor.js'
import { requireThat } from '../auth/require-permission.js'
import { requireWritable } from './collection-admin.js'
import type { ExchangeDeps, ObjectFilter } from './exchange-ports.js'

// One object's versions in one collection are few; a cap keeps a delete one bounded statement.
const MAX_VERSIONS = 10_000

/**
 * Deletes versions of one object from a collection (TAXII 2.1 §5.8). The caller must be
 * able to write the collection, only versions it may read are considered (the one read
 * path), and a user deletes only what its own organisation added: a writer of a shared
 * collection must not erase another organisation's reports. Returns how many versions
 * went; 0 when the caller sees none.
 *
 * @example
 * const n = await deleteObjectVersions(deps, actor, collectionId, 'indicator--…', 'all')
 * @throws VigilError `AUTH_FORBIDDEN` when some of the versions are another organisation's
 */
export async function deleteObjectVersions(
  deps: ExchangeDeps,
  actor: Actor,
  collectionId: string,
  stixId: string,
  versions: NonNullable<ObjectFilter['versions']>,
): Promise<number> {
  const collection = await requireWritable(deps, actor, collectionId)
  const now = deps.clock.now()
  const { objects } = await deps.objects.read(
    actor,
    { collectionId: collection.id, ids: [stixId], versions, includeRevoked: true },
    { limit: MAX_VERSIONS },
    'taxii',
    now,
  )
  if (objects.length === 0) return 0
  const own = actor.kind === 'system' ? objects : objects.filter((o) => o.creatorOrgId === actor.orgId)
  requireThat(own.length === objects.length, 'only the organisation that added an object version may delete it', { id: stixId })
  await deps.objects.deleteVersions(
    own.map((o) => o.seq),
    {
      actor,
      action: 'exchange.objects.delete',
      target: { type: 'collection', id: collection.id },
      outcome: 'success',
      details: { id: stixId, versions: own.map((o) => o.version.toISOString()) },
    },
    now,
  )
  return own.length
}
