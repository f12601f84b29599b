import { Link, useParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { TlpLabel } from '../../../components/tlp-label.js'
import { useObject, useObjectHistory, useRelationships } from '../api/exchange.js'
import { objectName } from './object-name.js'

/** One object: its marking, properties, versions, and its relationships and sightings. */
export function ObjectPage() {
  const id = useParams().id ?? ''
  const entry = useObject(id)
  const history = useObjectHistory(id)
  const relationships = useRelationships(id)
  return (
    <QueryState query={entry}>
      {(e) => (
        <>
          <h1>{objectName(e.object)}</h1>
          <p>
            <TlpLabel tlp={e.tlp} /> {e.tlpSource === 'default' ? '(from the collection’s default)' : '(marked on the object)'} ·{' '}
            {String(e.object.type)} · added {e.dateAdded.slice(0, 16).replace('T', ' ')}
          </p>
          <section aria-labelledby="props-title">
            <h2 id="props-title">Properties</h2>
            <pre className="json">{JSON.stringify(e.object, null, 2)}</pre>
          </section>
          <section aria-labelledby="versions-title">
            <h2 id="versions-title">Versions</h2>
            <QueryState query={history}>
              {(h) => (
                <ul>
                  {h.versions.map((v) => (
                    <li key={String(v.object.modified ?? v.dateAdded)}>
                      {String(v.object.modified ?? v.dateAdded)}
                      {v.object.revoked === true ? ' (revoked)' : ''}
                    </li>
                  ))}
                </ul>
              )}
            </QueryState>
          </section>
          <section aria-labelledby="rel-title">
            <h2 id="rel-title">Relationships and sightings</h2>
            <QueryState query={relationships} isEmpty={(p) => p.objects.length === 0} empty="None you may see.">
              {(p) => (
                <ul>
                  {p.objects.map((r) => {
                    const other = r.object.source_ref === id ? r.object.target_ref : (r.object.source_ref ?? r.object.sighting_of_ref)
                    return (
                      <li key={String(r.object.id)}>
                        <TlpLabel tlp={r.tlp} /> {String(r.object.relationship_type ?? r.object.type)}{' '}
                        {typeof other === 'string' && <Link to={`/exchange/objects/${encodeURIComponent(other)}`}>{other}</Link>}
                      </li>
                    )
                  })}
                </ul>
              )}
            </QueryState>
          </section>
        </>
      )}
    </QueryState>
  )
}
