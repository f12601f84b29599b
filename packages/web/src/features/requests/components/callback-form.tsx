import type { RequestView } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { useRequestAction } from '../api/requests.js'

/**
 * §3.2 E4: before an emergency disclosure, the reviewer calls the agency back on the number
 * in the directory (never one given in the request) and records how the call went. A
 * failed call-back rejects the request and is a security event.
 */
export function CallbackForm({ request }: { readonly request: RequestView }) {
  const act = useRequestAction(request.id)
  const [result, setResult] = useState<'verified' | 'failed'>('verified')
  const pending = request.assessment.pendingConditions.find((c) => c.code === 'OUT_OF_BAND_CALLBACK')
  if (!pending || !request.pendingConditions.includes('OUT_OF_BAND_CALLBACK')) return null
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    act.mutate({ type: 'record_callback', result, note: String(new FormData(event.currentTarget).get('note') ?? '').trim() })
  }
  return (
    <section aria-labelledby="callback-title">
      <h2 id="callback-title">Call-back</h2>
      <p>
        {pending.message}.{' '}
        {pending.phone ? (
          <>
            Directory number: <strong data-testid="callback-phone">{pending.phone}</strong>
          </>
        ) : (
          'The agency is not in the directory: find its number from an official source, not from the request.'
        )}
      </p>
      <form onSubmit={submit} aria-label="Record the call-back">
        <fieldset>
          <legend>Result of the call</legend>
          {(['verified', 'failed'] as const).map((r) => (
            <label key={r} className="inline">
              <input type="radio" name="result" value={r} checked={result === r} onChange={() => setResult(r)} /> {r}
            </label>
          ))}
        </fieldset>
        <label htmlFor="cb-note">Who answered, when, what they confirmed</label>
        <textarea id="cb-note" name="note" rows={2} required />
        <button type="submit" disabled={act.isPending}>
          Record call-back
        </button>
      </form>
      {act.isError && <p role="alert">{act.error.message}</p>}
    </section>
  )
}
