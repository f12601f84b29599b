import { type TriageDecision, TriageStatus } from '@vigil/contracts'
import type { FormEvent } from 'react'
import { useTriage } from '../api/detect.js'
import { formatInstant } from './format.js'

const STATUS_LABELS: Readonly<Record<TriageStatus, string>> = {
  confirmed: 'Confirmed coordinated',
  'false-positive': 'False positive',
  'taken-down': 'Taken down',
}

/** The analyst's verdict on a network, and every verdict before it, newest first. */
export function TriageForm({
  runId,
  networkId,
  history,
}: {
  readonly runId: string
  readonly networkId: string
  readonly history: readonly TriageDecision[]
}) {
  const triage = useTriage(runId, networkId)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    triage.mutate({ status: TriageStatus.parse(form.get('status')), note: String(form.get('note') ?? '').trim() })
  }
  return (
    <section aria-labelledby="triage-title">
      <h2 id="triage-title">Triage</h2>
      <form onSubmit={submit} aria-label="Triage this network">
        <fieldset>
          <legend>Verdict</legend>
          {TriageStatus.options.map((s) => (
            <label key={s} className="inline">
              <input type="radio" name="status" value={s} required defaultChecked={history[0]?.status === s} />
              {STATUS_LABELS[s]}
            </label>
          ))}
        </fieldset>
        <label htmlFor="triage-note">Note</label>
        <textarea id="triage-note" name="note" maxLength={2000} rows={2} />
        {triage.isError && <p role="alert">{triage.error.message}</p>}
        <button type="submit" disabled={triage.isPending}>
          Record verdict
        </button>
      </form>
      {history.length === 0 ? (
        <p className="empty">Not triaged yet.</p>
      ) : (
        <ol className="history" aria-label="Triage history">
          {history.map((d) => (
            <li key={`${d.at}\n${d.by}`}>
              <strong>{STATUS_LABELS[d.status]}</strong> by {d.by}, {formatInstant(d.at)}
              {d.note && `: ${d.note}`}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
