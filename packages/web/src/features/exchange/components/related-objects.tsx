import type { ObjectEntry } from '@vigil/contracts'
import { QueryState } from '../../../components/query-state.js'
import { TlpLabel } from '../../../components/tlp-label.js'
import { useObjectsById, useRelationships } from '../api/exchange.js'
import { objectName } from './object-name.js'
import { ObjectRef } from './object-ref.js'
import { type GraphLink, RelationshipGraph } from './relationship-graph.js'

/** The relationship's other end, seen from object `id`, and its direction. */
function linkOf(id: string, r: ObjectEntry): Omit<GraphLink, 'otherName'> | null {
  const { source_ref: source, target_ref: target } = r.object
  if (r.object.type !== 'relationship' || typeof source !== 'string' || typeof target !== 'string') return null
  const outgoing = source === id
  return {
    id: String(r.object.id),
    type: String(r.object.relationship_type ?? 'related-to'),
    otherId: outgoing ? target : source,
    outgoing,
  }
}

/** The relationships of an object as a small graph, with the same relationships as a text list. */
export function RelatedObjects({ id, name }: { readonly id: string; readonly name: string }) {
  const relationships = useRelationships(id)
  const entries = relationships.data?.objects ?? []
  const links = entries.map((r) => ({ entry: r, link: linkOf(id, r) }))
  const others = useObjectsById([...new Set(links.flatMap((l) => (l.link ? [l.link.otherId] : [])))].sort())
  const entryOf = (otherId: string) => others.data?.objects.find((e) => e.object.id === otherId)
  const nameOf = (otherId: string) => {
    const o = entryOf(otherId)
    return o ? objectName(o.object) : otherId
  }
  const graphLinks = links.flatMap((l) => (l.link ? [{ ...l.link, otherName: nameOf(l.link.otherId) }] : []))
  return (
    <section aria-labelledby="rel-title">
      <h2 id="rel-title">Relationships</h2>
      <QueryState query={relationships} isEmpty={(p) => p.objects.length === 0} empty="No relationship you may see.">
        {() => (
          <>
            {graphLinks.length > 0 && <RelationshipGraph centre={name} links={graphLinks} />}
            <ul aria-label="Relationships as a list">
              {links.map(({ entry, link }) => (
                <li key={String(entry.object.id)}>
                  {link?.outgoing && (
                    <>
                      this object {link.type} <ObjectRef id={link.otherId} entry={entryOf(link.otherId)} />
                    </>
                  )}
                  {link && !link.outgoing && (
                    <>
                      <ObjectRef id={link.otherId} entry={entryOf(link.otherId)} /> {link.type} this object
                    </>
                  )}
                  {!link && (
                    <>
                      <TlpLabel tlp={entry.tlp} /> a {String(entry.object.type)} of this object
                    </>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryState>
    </section>
  )
}
