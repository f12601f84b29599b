import type { CorrelationContainer, CorrelationList, CorrelationNotice, OrgId, StixId } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { carriedRefs } from './correlation-subject.js'
import type { StoredObject as VisibleObject } from './exchange-ports.js'

/** The STIX types that hold other objects for a reader: what an inbox line names. */
export const CONTAINER_TYPES: readonly string[] = ['report', 'grouping']

/** What the inbox asks for. */
export interface CorrelationInboxQuery {
  readonly includeDismissed?: boolean
  readonly object?: string
  readonly limit?: number
}

/** The ports the correlation inbox reads through; every read is filtered by what `actor` may see. */
export interface CorrelationInboxPorts {
  /** Indexes what arrived since the last look, by whatever path it came. */
  correlateNew(): Promise<unknown>
  /** The actor's organisation's notices whose two objects it may still see, newest first. */
  listNotices(actor: Actor, query: CorrelationInboxQuery): Promise<CorrelationNotice[]>
  /** The newest visible, unrevoked version of objects with these ids, or of these types holding any of `holding`. */
  readVisible(
    actor: Actor,
    filter: { readonly ids: readonly string[] } | { readonly holding: readonly string[]; readonly types: readonly string[] },
  ): Promise<readonly VisibleObject[]>
}

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
 * accounts with your network" rather than one line per observed-data object.
 *
 * @example
 * const { notices, containers } = await listCorrelations(ports, actor, { limit: 100 })
 */
export async function listCorrelations(ports: CorrelationInboxPorts, actor: Actor, query: CorrelationInboxQuery): Promise<CorrelationList> {
  await ports.correlateNew()
  const notices = await ports.listNotices(actor, query)
  const ids = [...new Set(notices.flatMap((n) => n.objects))]
  if (ids.length === 0) return { notices, containers: {} }
  const [objects, holders] = await Promise.all([
    ports.readVisible(actor, { ids }),
    ports.readVisible(actor, { holding: ids, types: CONTAINER_TYPES }),
  ])
  return { notices, containers: containersOf(ids, objects, holders) }
}
