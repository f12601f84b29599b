import { Tlp } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { useCollections, useImportBundle } from '../api/exchange.js'

/** Imports a STIX 2.1 bundle file into a writable collection and reports each refused object. */
export function ImportBundle() {
  const collections = useCollections()
  const importBundle = useImportBundle()
  const [readError, setReadError] = useState<string>()
  const writable = collections.data?.filter((c) => c.canWrite) ?? []
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setReadError(undefined)
    const form = new FormData(event.currentTarget)
    const file = form.get('file')
    if (!(file instanceof File) || file.size === 0) return setReadError('Choose a bundle file.')
    let bundle: unknown
    try {
      bundle = JSON.parse(await file.text())
    } catch {
      return setReadError('That file is not JSON.')
    }
    const tlp = Tlp.safeParse(form.get('tlp'))
    importBundle.mutate({ collectionId: String(form.get('collection')), bundle, ...(tlp.success ? { tlp: tlp.data } : {}) })
  }
  if (writable.length === 0) return null
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import a STIX bundle</h2>
      <form onSubmit={(e) => void submit(e)} aria-label="Import a STIX bundle">
        <label htmlFor="import-collection">Into collection</label>
        <select id="import-collection" name="collection">
          {writable.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title} (default TLP:{c.defaultTlp.toUpperCase()})
            </option>
          ))}
        </select>
        <label htmlFor="import-tlp">TLP for objects without a marking</label>
        <select id="import-tlp" name="tlp" defaultValue="">
          <option value="">the collection's default</option>
          {Tlp.options.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <label htmlFor="import-file">Bundle file (JSON)</label>
        <input id="import-file" name="file" type="file" accept=".json,application/json" required />
        {readError && <p role="alert">{readError}</p>}
        {importBundle.isError && <p role="alert">{importBundle.error.message}</p>}
        <button type="submit" disabled={importBundle.isPending}>
          Import
        </button>
      </form>
      {importBundle.isSuccess && (
        <div role="status" className="notice">
          <p>
            Stored {importBundle.data.successCount} of {importBundle.data.total} objects; {importBundle.data.failureCount} refused.
          </p>
          {importBundle.data.failures.length > 0 && (
            <ul>
              {importBundle.data.failures.slice(0, 20).map((f) => (
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
