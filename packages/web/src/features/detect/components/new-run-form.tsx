import { DetectParams, DetectSignal, EdgeWeight, FieldMapText } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import { useDumpFiles, useStartRun } from '../api/detect.js'
import { formatBytes } from './format.js'

const DEFAULTS = DetectParams.parse({})

/** A numeric parameter, with the contract's default and limits. */
function NumberParam({
  name,
  label,
  step,
}: {
  readonly name: 'window' | 'minRepeat' | 'similarity'
  readonly label: string
  readonly step?: number
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
        defaultValue={DEFAULTS[name]}
        min={schema.minValue ?? undefined}
        max={schema.maxValue ?? undefined}
      />
    </div>
  )
}

/** The form that starts a run: dumps (uploaded or on the server), signals and parameters. */
export function NewRunForm() {
  const files = useDumpFiles()
  const start = useStartRun()
  const navigate = useNavigate()
  const [source, setSource] = useState<'upload' | 'server'>('upload')
  const [problem, setProblem] = useState<string>()

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setProblem(undefined)
    const form = new FormData(event.currentTarget)
    const signals = form.getAll('signals').map((s) => DetectSignal.parse(s))
    const mapText = String(form.get('map') ?? '').trim()
    const map = mapText ? FieldMapText.safeParse(mapText) : undefined
    if (map && !map.success) return setProblem(`Column mapping: ${map.error.issues[0]?.message}`)
    const params = DetectParams.safeParse({
      ...(signals.length > 0 ? { signals } : {}),
      window: Number(form.get('window')),
      minRepeat: Number(form.get('minRepeat')),
      weight: form.get('weight'),
      similarity: Number(form.get('similarity')),
      ...(map ? { map: map.data } : {}),
    })
    if (!params.success) return setProblem(params.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    const onSuccess = (run: { id: string }) => navigate(`/detect/runs/${run.id}`)
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
      <h2 id="new-run-title">New detection run</h2>
      <form onSubmit={submit} aria-label="New detection run">
        <fieldset>
          <legend>Dumps</legend>
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
        </fieldset>
        <fieldset>
          <legend>Signals (none ticked: every signal the dump supports)</legend>
          {DetectSignal.options.map((s) => (
            <label key={s} className="inline">
              <input type="checkbox" name="signals" value={s} />
              {s}
            </label>
          ))}
        </fieldset>
        <fieldset className="params">
          <legend>Parameters</legend>
          <NumberParam name="window" label="Time window (seconds)" />
          <NumberParam name="minRepeat" label="Minimum repeats per link" />
          <div>
            <label htmlFor="d-weight">Link weight</label>
            <select id="d-weight" name="weight" defaultValue={DEFAULTS.weight}>
              {EdgeWeight.options.map((w) => (
                <option key={w}>{w}</option>
              ))}
            </select>
          </div>
          <NumberParam name="similarity" label="Near-duplicate text similarity" step={0.01} />
          <div className="wide">
            <label htmlFor="d-map">Column mapping for generic dumps (optional)</label>
            <input id="d-map" name="map" placeholder="account=user_id, time=created_at, text=body" />
          </div>
        </fieldset>
        {problem && <p role="alert">{problem}</p>}
        {start.isError && <p role="alert">The run did not start: {start.error.message}</p>}
        <button type="submit" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start run'}
        </button>
      </form>
    </section>
  )
}
