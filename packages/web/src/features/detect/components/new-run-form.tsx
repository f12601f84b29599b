import { DetectParams, DetectSignal, EdgeWeight, FieldMapText, MappableField, type RerunDraft } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import { useDumpFiles, useRerun, useStartRun } from '../api/detect.js'
import { formatBytes } from './format.js'

const DEFAULTS = DetectParams.parse({})

/** A numeric parameter, with the contract's default and limits. */
function NumberParam({
  name,
  label,
  step,
  initial,
}: {
  readonly name: 'window' | 'minRepeat' | 'similarity'
  readonly label: string
  readonly step?: number
  readonly initial: DetectParams
}) {
  const schema = DetectParams.shape[name].unwrap()
  return (
    <div>
      <label htmlFor={`d-${name}`}>{label}</label>
      <input
        id={`d-${name}`}
        name={name}
        type="number"
        required
        step={step}
        defaultValue={initial[name]}
        min={schema.minValue ?? undefined}
        max={schema.maxValue ?? undefined}
      />
    </div>
  )
}

/** A column mapping as the form's text: `field=column` pairs in the fields' order (jsonb keeps no order), as `--map` takes them. */
const mapText = (map: DetectParams['map']) =>
  MappableField.options.flatMap((field) => (map?.[field] ? [`${field}=${map[field]}`] : [])).join(', ')

/**
 * The form that starts a run: dumps (uploaded or on the server), signals and parameters.
 * Given `rerun` (a finished run's draft), it opens with that run's parameters and starts a
 * new run over the same dumps while the server keeps them, or asks for them again.
 */
export function NewRunForm({ rerun }: { readonly rerun?: RerunDraft } = {}) {
  const files = useDumpFiles()
  const start = useStartRun()
  const again = useRerun(rerun?.runId ?? '')
  const navigate = useNavigate()
  const [source, setSource] = useState<'upload' | 'server'>('upload')
  const [problem, setProblem] = useState<string>()
  const initial = rerun?.params ?? DEFAULTS
  const reuse = rerun?.files.every((f) => f.kept) === true
  const gone = rerun?.files.filter((f) => !f.kept) ?? []
  const pending = start.isPending || again.isPending

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setProblem(undefined)
    const form = new FormData(event.currentTarget)
    const signals = form.getAll('signals').map((s) => DetectSignal.parse(s))
    const mapText = String(form.get('map') ?? '').trim()
    const map = mapText ? FieldMapText.safeParse(mapText) : undefined
    if (map && !map.success) return setProblem(`Column mapping: ${map.error.issues[0]?.message}`)
    const params = DetectParams.safeParse({
      ...(initial.repeat ? { repeat: initial.repeat } : {}),
      ...(signals.length > 0 ? { signals } : {}),
      window: Number(form.get('window')),
      minRepeat: Number(form.get('minRepeat')),
      weight: form.get('weight'),
      similarity: Number(form.get('similarity')),
      ...(map ? { map: map.data } : {}),
    })
    if (!params.success) return setProblem(params.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    const onSuccess = (run: { id: string }) => navigate(`/detect/runs/${run.id}`)
    if (reuse) return again.mutate({ params: params.data }, { onSuccess })
    if (source === 'server') {
      const serverFiles = form.getAll('serverFiles').map(String)
      if (serverFiles.length === 0) return setProblem('Choose at least one dump on the server.')
      return start.mutate({ server: { serverFiles, params: params.data } }, { onSuccess })
    }
    const dumps = form.getAll('dump').filter((f): f is File => f instanceof File && f.size > 0)
    if (dumps.length === 0) return setProblem('Choose at least one dump file to upload.')
    const upload = new FormData()
    upload.set('params', JSON.stringify(params.data))
    for (const dump of dumps) upload.append('dump', dump, dump.name)
    start.mutate({ upload }, { onSuccess })
  }

  const serverFiles = files.data?.files ?? []
  return (
    <section aria-labelledby="new-run-title">
      <h2 id="new-run-title">{rerun ? 'Edit and re-run' : 'New detection run'}</h2>
      <form onSubmit={submit} aria-label={rerun ? 'Edit and re-run' : 'New detection run'}>
        <fieldset>
          <legend>Dumps</legend>
          {reuse ? (
            <p>The same dumps as the failed run, still kept on the server: {rerun?.files.map((f) => f.name).join(', ')}.</p>
          ) : (
            <>
              {gone.length > 0 && (
                <p className="notice">
                  The server no longer keeps {gone.map((f) => f.name).join(', ')} (dumps are deleted once no run needs them): choose{' '}
                  {gone.length === 1 ? 'it' : 'them'} again.
                </p>
              )}
              <label className="inline">
                <input type="radio" name="source" value="upload" checked={source === 'upload'} onChange={() => setSource('upload')} />
                Upload files
              </label>
              <label className="inline">
                <input type="radio" name="source" value="server" checked={source === 'server'} onChange={() => setSource('server')} />
                Files on the server
              </label>
              {source === 'upload' ? (
                <>
                  <label htmlFor="d-dump">Dump files (CSV, NDJSON or Parquet, gzipped or not)</label>
                  <input id="d-dump" name="dump" type="file" multiple accept=".csv,.ndjson,.jsonl,.json,.parquet,.gz" />
                </>
              ) : files.isPending ? (
                <p role="status">Loading…</p>
              ) : files.isError ? (
                <p role="alert">Could not list the server's dumps: {files.error.message}</p>
              ) : serverFiles.length === 0 ? (
                <p className="empty">The server's dump directory is empty.</p>
              ) : (
                <fieldset>
                  <legend>Dumps on the server</legend>
                  {serverFiles.map((f) => (
                    <label key={f.name} className="inline">
                      <input type="checkbox" name="serverFiles" value={f.name} />
                      {f.name} ({formatBytes(f.size)})
                    </label>
                  ))}
                </fieldset>
              )}
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>Signals (none ticked: every signal the dump supports)</legend>
          {DetectSignal.options.map((s) => (
            <label key={s} className="inline">
              <input type="checkbox" name="signals" value={s} defaultChecked={initial.signals?.includes(s) ?? false} />
              {s}
            </label>
          ))}
        </fieldset>
        <fieldset className="params">
          <legend>Parameters</legend>
          <NumberParam name="window" label="Time window (seconds)" initial={initial} />
          <NumberParam name="minRepeat" label="Minimum repeats per link" initial={initial} />
          <div>
            <label htmlFor="d-weight">Link weight</label>
            <select id="d-weight" name="weight" defaultValue={initial.weight}>
              {EdgeWeight.options.map((w) => (
                <option key={w}>{w}</option>
              ))}
            </select>
          </div>
          <NumberParam name="similarity" label="Near-duplicate text similarity" step={0.01} initial={initial} />
          <div className="wide">
            <label htmlFor="d-map">Column mapping for generic dumps (optional)</label>
            <input id="d-map" name="map" placeholder="account=user_id, time=created_at, text=body" defaultValue={mapText(initial.map)} />
          </div>
        </fieldset>
        {problem && <p role="alert">{problem}</p>}
        {start.isError && <p role="alert">The run did not start: {start.error.message}</p>}
        {again.isError && <p role="alert">The run did not start: {again.error.message}</p>}
        <button type="submit" disabled={pending}>
          {pending ? 'Starting…' : rerun ? 'Start the new run' : 'Start run'}
        </button>
      </form>
    </section>
  )
}
