import type { OrgId, SightingSummary } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import type { ExchangeDeps } from './exchange-ports.js'
import { getObject, objectRelationships } from './object-queries.js'

const PAGE = 1000
const MAX_SIGHTINGS = 100_000

/**
 * Who confirmed an object: the `sighting` objects pointing at it that `actor` may see (read
 * through the one read path, so markings decide), counted per creating organisation; a
 * sighting without `count` counts once, and the same sighting in two collections is one.
 *
 * @example
 * const { byOrg } = await sightingSummary(deps, actor, 'grouping--…') // [{ orgName: 'Example Lab', count: 3, … }]
 * @throws VigilError `EXCHANGE_OBJECT_NOT_FOUND` when the actor may not see the object itself
 */
export async function sightingSummary(
  deps: Pick<ExchangeDeps, 'objects' | 'clock'>,
  actor: Actor | null,
  objectId: string,
): Promise<SightingSummary> {
  await getObject(deps, actor, objectId)
  const seen = new Map<string, { org: string | null; count: number; lastSeen: string | null }>()
  let after: string | undefined
  do {
    const page = await objectRelationships(deps, actor, objectId, { limit: PAGE, ...(after ? { after } : {}) })
    for (const o of page.objects) {
      if (o.type !== 'sighting') continue
      const count = typeof o.object.count === 'number' ? o.object.count : 1
      const last = typeof o.object.last_seen === 'string' ? o.object.last_seen : (o.object.modified ?? null)
      seen.set(o.stixId, { org: o.creatorOrgId, count, lastSeen: last })
    }
    after = page.next ?? undefined
  } while (after && seen.size < MAX_SIGHTINGS)
  const byOrg = new Map<string | null, { sightings: number; count: number; lastSeen: string | null }>()
  for (const s of seen.values()) {
    const entry = byOrg.get(s.org) ?? { sightings: 0, count: 0, lastSeen: null }
    entry.sightings++
    entry.count += s.count
    if (s.lastSeen && (!entry.lastSeen || s.lastSeen > entry.lastSeen)) entry.lastSeen = s.lastSeen
    byOrg.set(s.org, entry)
  }
  const names = await deps.objects.orgNames([...byOrg.keys()].filter((k): k is string => k !== null))
  const rows = [...byOrg.entries()]
    .map(([orgId, e]) => ({
      orgId: orgId as OrgId | null,
      orgName: orgId ? (names.get(orgId) ?? orgId) : 'this instance',
      ...e,
    }))
    .sort((a, b) => b.count - a.count || a.orgName.localeCompare(b.orgName))
  return { objectId, sightings: seen.size, count: rows.reduce((n, r) => n + r.count, 0), byOrg: rows }
}
