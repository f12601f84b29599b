import type { OrgId, SightingSummary } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import type { ExchangeDeps } from './exchange-ports.js'
import { importObjects } from './import-objects.js'
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
  const yours = new Set<string>()
  let after: string | undefined
  do {
    const page = await objectRelationships(deps, actor, objectId, { limit: PAGE, ...(after ? { after } : {}) })
    for (const o of page.objects) {
      if (o.type !== 'sighting') continue
      const count = typeof o.object.count === 'number' ? o.object.count : 1
      const last = typeof o.object.last_seen === 'string' ? o.object.last_seen : (o.object.modified ?? null)
      seen.set(o.stixId, { org: o.creatorOrgId, count, lastSeen: last })
      if (actor?.kind === 'user' && o.creatorOrgId === actor.orgId) yours.add(o.stixId)
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
  return {
    objectId,
    sightings: seen.size,
    count: rows.reduce((n, r) => n + r.count, 0),
    byOrg: rows,
    yours: [...yours].sort() as SightingSummary['yours'],
  }
}

/**
 * Withdraws a sighting the actor's organisation reported ("I saw this too", undone): a new
 * version of it with `revoked: true` (STIX 2.1 §3.6), in its collection under its TLP, which
 * hides it from every reader; audited as `exchange.sighting.withdraw` in the same transaction.
 *
 * @example
 * await withdrawSighting(deps, actor, 'sighting--…')
 * @throws VigilError `EXCHANGE_OBJECT_NOT_FOUND` (not visible), `AUTH_FORBIDDEN` (another organisation's), `VALIDATION_FAILED` (not a sighting)
 */
export async function withdrawSighting(deps: ExchangeDeps, actor: Actor, sightingId: string): Promise<void> {
  const sighting = await getObject(deps, actor, sightingId)
  if (sighting.type !== 'sighting') throw new VigilError('VALIDATION_FAILED', `${sightingId} is not a sighting`)
  if (actor.kind !== 'user' || sighting.creatorOrgId !== actor.orgId)
    throw new VigilError('AUTH_FORBIDDEN', 'only the organisation that reported a sighting may withdraw it')
  // The revoking version must be newer than the one it revokes, whatever the clocks said.
  const modified = new Date(Math.max(deps.clock.now().getTime(), sighting.version.getTime() + 1)).toISOString()
  const result = await importObjects(
    deps,
    actor,
    sighting.collectionId,
    [{ ...sighting.object, modified, revoked: true }],
    { tlp: sighting.tlp },
    'exchange.sighting.withdraw',
  )
  if (result.successCount !== 1)
    throw new VigilError('VALIDATION_FAILED', result.failures[0]?.issues[0]?.message ?? 'the sighting was not withdrawn')
}
