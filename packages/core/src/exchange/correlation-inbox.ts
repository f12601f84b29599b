import type { CorrelationContainer, CorrelationList, CorrelationNotice, OrgId, StixId } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { requirePermission } from '../auth/require-permission.js'
import { VigilError } from '../shared/errors.js'
import { correlateNew } from './correlate-new.js'
import type { CorrelationDeps, CorrelationInboxQuery } from './correlation-ports.js'
import { carriedRefs } from './correlation-subject.js'
import type { StoredObject as VisibleObject } from './exchange-ports.js'

/** The STIX types that hold other objects for a reader: what an inbox line names. */
export const CONTAINER_TYPES: readonly string[] = ['report', 'grouping']

// An inbox names the containers of at most a page of notices (100 by default, 1000 at most).
const CONTAINER_LIMIT = 5000

function toContainer(o: VisibleObject): CorrelationContainer {
  const text = (v: unknown) => (typeof v === 'string' ? v : null)
  return {
    id: o.object.id as StixId,
    type: o.object.type,
    name: text(o.object.name),
    creatorOrgId: o.creatorOrgId as OrgId | null,
    created: text(o.object.created),
  }
}

/**
 * The containers of each of `ids`, as a reader sees them: a report or grouping is its own
 * container; anything else is held by the visible reports and groupings among `holders` that
 * name it, or stands alone when none does. Only objects in `objects` or `holders` (both
 * already filtered by what the reader may see) are ever named.
 *
 * @example
 * containersOf(['observed-data--…'], [observedData], [report]) // { 'observed-data--…': [{ id: 'report--…', type: 'report', … }] }
 */
export function containersOf(
  ids: readonly string[],
  objects: readonly VisibleObject[],
  holders: readonly VisibleObject[],
): Record<string, CorrelationContainer[]> {
  const byId = new Map(objects.map((o) => [o.object.id, o]))
  const out: Record<string, CorrelationContainer[]> = {}
  for (const id of ids) {
    const self = byId.get(id)
    if (self && CONTAINER_TYPES.includes(self.object.type)) {
      out[id] = [toContainer(self)]
      continue
    }
    // The same container may be posted in several collections: name it once.
    const held = new Map<string, CorrelationContainer>()
    for (const h of holders) if (h.object.id !== id && carriedRefs(h.object).includes(id)) held.set(h.object.id, toContainer(h))
    out[id] = held.size > 0 ? [...held.values()].sort((a, b) => a.id.localeCompare(b.id)) : self ? [toContainer(self)] : []
  }
  return out
}

/**
 * The correlation inbox: index what is new, list the organisation's notices, and name the
 * containers each notice's objects sit in, so the reader sees "their report shares 2
 * accounts with your network" rather than one line per observed-data object. The objects
 * and containers are read through the exchange's one read path (markings in SQL).
 *
 * @example
 * const { notices, containers } = await listCorrelations(deps, actor, { limit: 100 })
 * @throws VigilError `AUTH_FORBIDDEN` without `exchange:read`
 */
export async function listCorrelations(deps: CorrelationDeps, actor: Actor, query: CorrelationInboxQuery): Promise<CorrelationList> {
  requirePermission(actor, 'exchange:read')
  await correlateNew(deps)
  const notices = await deps.correlations.listNotices(actor, query)
  const ids = [...new Set(notices.flatMap((n) => n.objects))]
  if (ids.length === 0) return { notices, containers: {} }
  const now = deps.clock.now()
  const [objects, holders] = await Promise.all([
    deps.objects.read(actor, { ids }, { limit: CONTAINER_LIMIT }, 'list', now),
    deps.objects.read(actor, { holding: ids, types: CONTAINER_TYPES }, { limit: CONTAINER_LIMIT }, 'list', now),
  ])
  return { notices, containers: containersOf(ids, objects.objects, holders.objects) }
}

/**
 * Dismisses one of the actor's organisation's notices (dismissing twice keeps the first),
 * audited as `exchange.correlation.dismiss` in the same transaction.
 *
 * @example
 * const notice = await dismissCorrelation(deps, analyst, noticeId)
 * @throws VigilError `NOT_FOUND` alike for an absent notice and another organisation's, `AUTH_FORBIDDEN` without `exchange:read`
 */
export async function dismissCorrelation(
  deps: Pick<CorrelationDeps, 'correlations' | 'clock'>,
  actor: Actor,
  id: string,
): Promise<CorrelationNotice> {
  requirePermission(actor, 'exchange:read')
  const missing = () => new VigilError('NOT_FOUND', `no correlation notice ${id}`)
  if (actor.kind !== 'user') throw missing()
  const audit = {
    actor,
    action: 'exchange.correlation.dismiss',
    target: { type: 'correlation-notice', id },
    outcome: 'success' as const,
    details: {},
  }
  const notice = await deps.correlations.dismiss(actor.orgId, actor.userId, id, audit, deps.clock.now())
  if (!notice) throw missing()
  return notice
}
