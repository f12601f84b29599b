import { type Actor, type Clock, requireThat } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { createCollectionStore } from './collection-store.js'
import { type ObjectFilter, readObjects } from './object-reads.js'

// One object's versions in one collection are few; a cap keeps a delete one bounded statement.
const MAX_VERSIONS = 10_000

/**
 * Deletes versions of one object from a collection (TAXII 2.1 §5.8). The caller must be
 * able to write the collection, only versions it may read are considered (the same
 * `readObjects` as every read), and a user deletes only what its own organisation added:
 * a writer of a shared collection must not erase another organisation's reports.
 * Returns how many versions went; 0 when the caller sees none.
 */
export async function deleteObjectVersions(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  collectionId: string,
  stixId: string,
  versions: NonNullable<ObjectFilter['versions']>,
): Promise<number> {
  const collection = await createCollectionStore(db).requireWritable(actor, collectionId)
  const now = clock.now()
  const { objects } = await readObjects(
    db,
    actor,
    { collectionId: collection.id, ids: [stixId], versions, includeRevoked: true },
    { limit: MAX_VERSIONS },
    'taxii',
    now,
  )
  if (objects.length === 0) return 0
  const own = actor.kind === 'system' ? objects : objects.filter((o) => o.creatorOrgId === actor.orgId)
  requireThat(own.length === objects.length, 'only the organisation that added an object version may delete it', { id: stixId })
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('exchange_objects')
      .where(
        'seq',
        'in',
        own.map((o) => o.seq),
      )
      .execute()
    await appendAudit(
      trx,
      {
        actor,
        action: 'exchange.objects.delete',
        target: { type: 'collection', id: collection.id },
        outcome: 'success',
        details: { id: stixId, versions: own.map((o) => o.version.toISOString()) },
      },
      now,
    )
  })
  return own.length
}
