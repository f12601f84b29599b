import type { ObjectEntry } from '@vigil/contracts'
import { type ReactNode, useState } from 'react'
import { Link, useParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { TlpLabel } from '../../../components/tlp-label.js'
import { ApiError } from '../../../lib/api-client.js'
import { useObject, useObjectHistory, useObjectsById, useOrgNames, useWritableCollections } from '../api/exchange.js'
import { objectName } from './object-name.js'
import { ObjectContents, ObjectOverview } from './object-overview.js'
import './exchange.css'
import { formatDateTime } from '../../../lib/format-date.js'
import { RelatedObjects } from './related-objects.js'
import { SightingsPanel } from './sightings-panel.js'
import { TAGGABLE_TYPES, TechniquePicker } from './technique-picker.js'

/** Where the caller's additions about an object go: its own collection if writable, else the first writable one. */
function useWritableCollectionFor(entry: ObjectEntry | undefined): string | undefined {
  const writable = useWritableCollections()
  return (writable.find((c) => c.id === entry?.collectionId) ?? writable[0])?.id
}

/** Who wrote an object, by name: its `created_by_ref` identity, else the organisation that shared it. */
function useAuthorName(entry: ObjectEntry | undefined): string | undefined {
  const ref = typeof entry?.object.created_by_ref === 'string' ? entry.object.created_by_ref : undefined
  const identity = useObjectsById(ref ? [ref] : [])
  const orgs = useOrgNames()
  const named = identity.data?.objects.find((e) => e.object.id === ref)
  if (named) return objectName(named.object)
  const org = orgs.data?.find((o) => o.stixId === ref) ?? orgs.data?.find((o) => o.id === entry?.creatorOrgId)
  return org?.name
}

type Tab = 'overview' | 'contents' | 'json'

/** Tabs in the WAI-ARIA pattern: a tab list of buttons, one panel shown. */
function Tabs({
  tabs,
  chosen,
  onChoose,
}: {
  readonly tabs: readonly [Tab, string][]
  readonly chosen: Tab
  readonly onChoose: (t: Tab) => void
}) {
  return (
    <div role="tablist" aria-label="Views of this object" className="tabs">
      {tabs.map(([t, label]) => (
        <button
          key={t}
          type="button"
          role="tab"
          id={`tab-${t}`}
          aria-selected={chosen === t}
          aria-controls={`panel-${t}`}
          className={chosen === t ? 'tab chosen' : 'tab'}
          onClick={() => onChoose(t)}
        >
          {label}
        </button>
      ))}
    </div>
  )
}

const Panel = ({ tab, children }: { readonly tab: Tab; readonly children: ReactNode }) => (
  <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
    {children}
  </div>
)

/**
 * One object, in the manner of OpenCTI: an overview (description rendered, author by name,
 * external references linked) with its relationships, sightings, techniques and versions; a
 * contents tab for what a report, grouping or observed data holds; the raw JSON behind a tab.
 */
export function ObjectPage() {
  const id = useParams().id ?? ''
  const entry = useObject(id)
  const history = useObjectHistory(id)
  const collectionId = useWritableCollectionFor(entry.data)
  const author = useAuthorName(entry.data)
  const [tab, setTab] = useState<Tab>('overview')
  // A hidden object answers exactly as an absent one, so the page cannot say which.
  if (entry.error instanceof ApiError && entry.error.code === 'EXCHANGE_OBJECT_NOT_FOUND')
    return (
      <section aria-labelledby="no-object">
        <h1 id="no-object">No such object</h1>
        <p>This object does not exist, or it is not shared with you.</p>
        <p>
          <Link to="/exchange">Back to the exchange</Link>
        </p>
      </section>
    )
  return (
    <QueryState query={entry}>
      {(e) => {
        const refs = Array.isArray(e.object.object_refs) ? e.object.object_refs.filter((r): r is string => typeof r === 'string') : []
        const tabs: [Tab, string][] = [
          ['overview', 'Overview'],
          ...(refs.length > 0 ? [['contents', `Contents (${refs.length})`] as [Tab, string]] : []),
          ['json', 'Raw JSON'],
        ]
        const shown = tabs.some(([t]) => t === tab) ? tab : 'overview'
        return (
          <>
            <h1>{objectName(e.object)}</h1>
            <p>
              <TlpLabel tlp={e.tlp} /> {e.tlpSource === 'default' ? '(from the collection’s default)' : '(marked on the object)'} ·{' '}
              {String(e.object.type)} · added {formatDateTime(e.dateAdded)}
              {author && ` · by ${author}`}
            </p>
            <Tabs tabs={tabs} chosen={shown} onChoose={setTab} />
            {shown === 'overview' && (
              <Panel tab="overview">
                <ObjectOverview entry={e} author={author} />
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
              </Panel>
            )}
            {shown === 'contents' && (
              <Panel tab="contents">
                <ObjectContents refs={refs} />
              </Panel>
            )}
            {shown === 'json' && (
              <Panel tab="json">
                <h2 id="props-title">Raw JSON</h2>
                <pre className="json">{JSON.stringify(e.object, null, 2)}</pre>
              </Panel>
            )}
          </>
        )
      }}
    </QueryState>
  )
}
