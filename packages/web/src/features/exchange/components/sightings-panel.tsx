import type { Tlp } from '@vigil/contracts'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDateTime } from '../../../lib/format-date.js'
import { useSightings } from '../api/exchange.js'
import { SightingActions } from './sighting-actions.js'

/**
 * Who confirmed the object, per organisation and within what the caller may see, and the
 * caller's own "I saw this too", stored as a `sighting` under the object's TLP in
 * `collectionId` (absent when the caller writes to no collection).
 */
export function SightingsPanel({ id, tlp, collectionId }: { readonly id: string; readonly tlp: Tlp; readonly collectionId?: string }) {
  const sightings = useSightings(id)
  return (
    <section aria-labelledby="sightings-title">
      <h2 id="sightings-title">Sightings</h2>
      <QueryState query={sightings} isEmpty={(s) => s.byOrg.length === 0} empty="No sighting you may see yet.">
        {(s) => (
          <>
            <p>
              Seen {s.count} time(s) in {s.sightings} sighting(s) by {s.byOrg.length} organisation(s).
            </p>
            <ScrollTable aria-label="Sightings by organisation">
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Sightings</th>
                  <th scope="col">Times seen</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {s.byOrg.map((o) => (
                  <tr key={o.orgId ?? 'instance'}>
                    <td>{o.orgName}</td>
                    <td>{o.sightings}</td>
                    <td>{o.count}</td>
                    <td>{o.lastSeen ? formatDateTime(o.lastSeen) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </>
        )}
      </QueryState>
      {collectionId && sightings.data && <SightingActions id={id} tlp={tlp} collectionId={collectionId} yours={sightings.data.yours} />}
    </section>
  )
}
