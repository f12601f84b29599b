import { Tlp } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { Link } from 'react-router'
import { type ImportFormat, useImport, useWritableCollections } from '../api/exchange.js'
import { objectName } from './object-name.js'

const FORMATS: readonly { readonly value: ImportFormat; readonly label: string }[] = [
  { value: 'stix', label: 'STIX 2.1 bundle' },
  { value: 'misp', label: 'MISP event (JSON export)' },
]

/** Imports a STIX 2.1 bundle or a MISP event file into a writable collection and reports each refused object. */
export function ImportIntel() {
  const importFile = useImport()
  const [format, setFormat] = useState<ImportFormat>('stix')
  const [readError, setReadError] = useState<string>()
  const writable = useWritableCollections()
  // What to open after the import: the bundle's report or grouping, else its first object.
  const [lead, setLead] = useState<{ id: string; name: string }>()
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setReadError(undefined)
    const form = new FormData(event.currentTarget)
    const file = form.get('file')
    if (!(file instanceof File) || file.size === 0) return setReadError('Choose a file.')
    let body: unknown
    try {
      body = JSON.parse(await file.text())
    } catch {
      return setReadError('That file is not JSON.')
    }
    setLead(leadObjectOf(body))
    const tlp = Tlp.safeParse(form.get('tlp'))
    importFile.mutate({ format, collectionId: String(form.get('collection')), body, ...(tlp.success ? { tlp: tlp.data } : {}) })
  }
  if (writable.length === 0) return null
  const result = importFile.data
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import a STIX bundle or MISP event</h2>
      <form onSubmit={(e) => void submit(e)} aria-label="Import a STIX bundle or MISP event">
        <fieldset>
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.value} className="inline">
              <input type="radio" name="format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} />{' '}
              {f.label}
            </label>
          ))}
        </fieldset>
        <label htmlFor="import-collection">Into collection</label>
        <select id="import-collection" name="collection">
          {writable.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title} (default TLP:{c.defaultTlp.toUpperCase()})
            </option>
          ))}
        </select>
        {format === 'stix' ? (
          <>
            <label htmlFor="import-tlp">TLP for objects without a marking</label>
            <select id="import-tlp" name="tlp" defaultValue="">
              <option value="">the collection's default</option>
              {Tlp.options.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </>
        ) : (
          <p>
            The event's <code>tlp:</code> tag marks what it becomes; without one, the collection's default applies.
          </p>
        )}
        <label htmlFor="import-file">File (JSON)</label>
        <input id="import-file" name="file" type="file" accept=".json,application/json" required />
        {readError && <p role="alert">{readError}</p>}
        {importFile.isError && <p role="alert">{importFile.error.message}</p>}
        <button type="submit" disabled={importFile.isPending}>
          Import
        </button>
      </form>
      {result && (
        <div role="status" className="notice">
          <p>
            Stored {result.successCount} of {result.total} objects; {result.failureCount} refused.
            {'unmapped' in result && ` ${result.unmapped} MISP attribute(s) have no STIX mapping and were left out.`}
          </p>
          {result.successCount > 0 && (
            <p>
              {format === 'stix' && lead && (
                <>
                  <Link to={`/exchange/objects/${encodeURIComponent(lead.id)}`}>Open {lead.name}</Link> ·{' '}
                </>
              )}
              <Link to={`/exchange?collection=${encodeURIComponent(result.collectionId)}`}>List the collection’s objects</Link>
            </p>
          )}
          {result.failures.length > 0 && (
            <ul>
              {result.failures.slice(0, 20).map((f) => (
                <li key={`${f.index}`}>
                  {f.id ?? `object ${f.index}`}: {f.issues.map((i) => `${i.path} ${i.message}`).join('; ')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  )
}

const CONTAINERS = ['report', 'grouping', 'campaign', 'intrusion-set', 'threat-actor']

/** The object a reader wants to open after importing `bundle`: its first container, else its first object. */
function leadObjectOf(bundle: unknown): { id: string; name: string } | undefined {
  const objects = (bundle as { objects?: unknown }).objects
  if (!Array.isArray(objects)) return undefined
  const named = objects.filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null && typeof o.id === 'string')
  const lead = CONTAINERS.map((t) => named.find((o) => o.type === t)).find((o) => o !== undefined) ?? named[0]
  return lead ? { id: String(lead.id), name: objectName(lead) } : undefined
}
