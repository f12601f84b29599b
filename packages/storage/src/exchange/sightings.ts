import type { SightingSummary } from '@vigil/contracts'
import type { Actor } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import type { ExchangeStore } from './exchange-store.js'

const PAGE = 1000
const MAX_SIGHTINGS = 100_000

/**
 * Who confirmed an object: the `sighting` objects pointing at it that `actor` may see
 * (read through the exchange store, so markings decide), counted per creating
 * organisation; a sighting without `count` counts once. NOT_FOUND when the actor may not
 * see the object itself.
 */
export async function summariseSightings(
  db: Kysely<Database>,
  store: ExchangeStore,
  actor: Actor | null,
  objectId: string,
): Promise<SightingSummary> {
  await store.get(actor, objectId)
  const seen = new Map<string, { org: string | null; count: number; lastSeen: string | null }>()
  let after: string | undefined
  do {
    const page = await store.relationships(actor, objectId, { limit: PAGE, ...(after ? { after } : {}) })
    for (const o of page.objects) {
      if (o.type !== 'sighting') continue
      const count = typeof o.object.count === 'number' ? o.object.count : 1
      const last = typeof o.object.last_seen === 'string' ? o.object.last_seen : (o.object.modified ?? null)
      // The same sighting in two collections is one sighting.
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
  const ids = [...byOrg.keys()].filter((k): k is string => k !== null)
  const names = new Map(
    ids.length ? (await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute()).map((o) => [o.id, o.name]) : [],
  )
  const rows = [...byOrg.entries()]
    .map(([orgId, e]) => ({
      orgId: orgId as SightingSummary['byOrg'][number]['orgId'],
      orgName: orgId ? (names.get(orgId) ?? orgId) : 'this instance',
      ...e,
    }))
    .sort((a, b) => b.count - a.count || a.orgName.localeCompare(b.orgName))
  return {
    objectId,
    sightings: seen.size,
    count: rows.reduce((n, r) => n + r.count, 0),
    byOrg: rows,
  }
}
