import type { ObjectEntry } from '@vigil/contracts'
import { useParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { TlpLabel } from '../../../components/tlp-label.js'
import { useObject, useObjectHistory, useWritableCollections } from '../api/exchange.js'
import { objectName } from './object-name.js'
import { RelatedObjects } from './related-objects.js'
import { SightingsPanel } from './sightings-panel.js'
import { TAGGABLE_TYPES, TechniquePicker } from './technique-picker.js'

/** Where the caller's additions about an object go: its own collection if writable, else the first writable one. */
function useWritableCollectionFor(entry: ObjectEntry | undefined): string | undefined {
  const writable = useWritableCollections()
  return (writable.find((c) => c.id === entry?.collectionId) ?? writable[0])?.id
}

/** One object: its marking, properties, versions, relationships, sightings and techniques. */
export function ObjectPage() {
  const id = useParams().id ?? ''
  const entry = useObject(id)
  const history = useObjectHistory(id)
  const collectionId = useWritableCollectionFor(entry.data)
  return (
    <QueryState query={entry}>
      {(e) => (
        <>
          <h1>{objectName(e.object)}</h1>
          <p>
            <TlpLabel tlp={e.tlp} /> {e.tlpSource === 'default' ? '(from the collection’s default)' : '(marked on the object)'} ·{' '}
            {String(e.object.type)} · added {e.dateAdded.slice(0, 16).replace('T', ' ')}
          </p>
          <RelatedObjects id={id} name={objectName(e.object)} />
          <SightingsPanel id={id} tlp={e.tlp} {...(collectionId ? { collectionId } : {})} />
          {TAGGABLE_TYPES.has(String(e.object.type)) && <TechniquePicker id={id} {...(collectionId ? { collectionId } : {})} />}
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
          <section aria-labelledby="props-title">
            <h2 id="props-title">Properties</h2>
            <pre className="json">{JSON.stringify(e.object, null, 2)}</pre>
          </section>
        </>
      )}
    </QueryState>
  )
}
