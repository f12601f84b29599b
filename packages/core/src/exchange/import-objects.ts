import { type IngestFailure, IngestOptions, type IngestResult, type StixObject } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import { requireWritable } from './collection-admin.js'
import type { ExchangeDeps, ExistingPosting } from './exchange-ports.js'
import { nonStandardMarkingRefs, prepareObjects } from './prepare-objects.js'

const DEFINITIONS_LIMIT = 10_000

/**
 * The bundle indexes of an import that would add a version to an object whose first version
 * another organisation shared in the collection. STIX 2.1 (§3.6) lets only an object's
 * creator version it; a writer may otherwise rewrite or revoke what a partner shared, since
 * readers see the newest version. The same version again changes nothing and is not refused
 * (observables, whose ids are their values, are shared by many). `writerOrgId` null is the
 * instance itself, which may version anything.
 *
 * @example
 * refusedVersions('org-b', [{ index: 3, firstCreatorOrgId: 'org-a', versionStored: false }]) // Set { 3 }
 */
export function refusedVersions(writerOrgId: string | null, existing: readonly ExistingPosting[]): ReadonlySet<number> {
  if (writerOrgId === null) return new Set()
  return new Set(existing.filter((e) => e.firstCreatorOrgId !== writerOrgId && !e.versionStored).map((e) => e.index))
}

const REFUSED_VERSION = 'another organisation shared this object in the collection first; only it may add versions of it'

/**
 * Imports STIX objects as `actor` into a collection it may write: the one entry point of
 * every path that stores objects (REST import and upload, TAXII, MISP, detect's, live's and
 * disclose's publishing). Each valid object is stored as received; each invalid one, or
 * one whose versioning another organisation owns, is reported with its issues. The same
 * version twice is stored once; an older version is kept in the history and never replaces
 * a newer one. The audit entry is written in the transaction of the change.
 *
 * @example
 * const result = await importObjects(deps, actor, collectionId, bundle.objects, { tlp: 'amber' })
 * @throws VigilError `EXCHANGE_COLLECTION_NOT_FOUND`, `AUTH_FORBIDDEN` (read-only collection), `VALIDATION_FAILED` (unknown recipient)
 */
export async function importObjects(
  deps: ExchangeDeps,
  actor: Actor,
  collectionId: string,
  values: readonly unknown[],
  options: IngestOptions = {},
  // What the audit entry calls the change: a plain add, or a sighting withdrawn (sighting-summary.ts).
  auditAction: 'exchange.objects.add' | 'exchange.sighting.withdraw' = 'exchange.objects.add',
): Promise<IngestResult> {
  const collection = await requireWritable(deps, actor, collectionId)
  const o = IngestOptions.parse(options)
  for (const [kind, ids] of [
    ['org', o.recipientOrgIds],
    ['user', o.recipientUserIds],
  ] as const) {
    const found = await deps.objects.existing(kind, ids)
    if (found.size !== new Set<string>(ids).size)
      throw new VigilError('VALIDATION_FAILED', `a named recipient ${kind === 'org' ? 'organisation' : 'user'} does not exist`)
  }
  const now = deps.clock.now()
  const prepared = prepareObjects(values, o.tlp ?? collection.defaultTlp, await storedDefinitions(deps, actor, values, now))
  const recipientOrgIds = [...new Set(o.recipientOrgIds)]
  const writerOrgId = actor.kind === 'user' ? actor.orgId : null
  const failuresWith = (refused: ReadonlySet<number>): IngestFailure[] =>
    [
      ...prepared.failures,
      ...prepared.accepted
        .filter((a) => refused.has(a.index))
        .map((p) => ({ index: p.index, id: p.object.id, issues: [{ path: '$.id', message: REFUSED_VERSION }] })),
    ].sort((a, b) => a.index - b.index)
  const refused = await deps.objects.addVersions(
    collection.id,
    prepared.accepted,
    {
      creatorOrgId: writerOrgId,
      addedBy: actor.kind === 'user' ? `user:${actor.userId}` : `system:${actor.name}`,
      recipientOrgIds,
      recipientUserIds: [...new Set([...o.recipientUserIds, ...(actor.kind === 'user' ? [actor.userId] : [])])],
    },
    (existing) => refusedVersions(writerOrgId, existing),
    (refusedNow) => {
      const failed = failuresWith(refusedNow).length
      return {
        actor,
        action: auditAction,
        target: { type: 'collection', id: collection.id },
        outcome: failed === 0 ? 'success' : 'failure',
        details: {
          accepted: prepared.accepted.length - refusedNow.size,
          refused: failed,
          tlp: o.tlp ?? null,
          recipientOrgIds,
          recipientUserIds: o.recipientUserIds,
        },
      }
    },
    now,
  )
  const failures = failuresWith(refused)
  return {
    collectionId: collection.id,
    total: values.length,
    successCount: prepared.accepted.length - refused.size,
    failureCount: failures.length,
    failures,
  }
}

// The marking-definitions already stored that a bundle names, among those the writer may
// read: a marking is resolved as its user sees it, and a hidden one stays unknown.
async function storedDefinitions(deps: ExchangeDeps, actor: Actor, values: readonly unknown[], now: Date): Promise<StixObject[]> {
  const ids = nonStandardMarkingRefs(values)
  if (ids.length === 0) return []
  const { objects } = await deps.objects.read(
    actor,
    { ids, types: ['marking-definition'], versions: 'all', includeRevoked: true },
    { limit: DEFINITIONS_LIMIT },
    'get',
    now,
  )
  return objects.map((s) => s.object)
}
