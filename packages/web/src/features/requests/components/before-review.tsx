import type { RequestView } from '@vigil/contracts'
import { useState } from 'react'
import { useWithdrawRequest } from '../api/requests.js'
import { RequestForm } from './intake-form.js'

/**
 * What the requesting agency may still do while no reviewer has picked the request up:
 * correct it (the same form and review step as a new request) or withdraw it, once confirmed.
 * Once review has started the server refuses both (409), and the page says why.
 */
export function BeforeReview({ request }: { readonly request: RequestView }) {
  const [mode, setMode] = useState<'idle' | 'correct' | 'withdraw'>('idle')
  const withdraw = useWithdrawRequest(request.id)
  if (mode === 'correct') return <RequestForm correcting={request} onDone={() => setMode('idle')} />
  return (
    <section aria-labelledby="before-review-title">
      <h2 id="before-review-title">Before review</h2>
      <p>No reviewer has picked this request up yet: you can still correct it or withdraw it.</p>
      {mode === 'withdraw' ? (
        <fieldset className="actions">
          <legend>Withdraw this request? The platform will not review it, and this cannot be undone.</legend>
          <button
            type="button"
            onClick={() => withdraw.mutate(undefined, { onSuccess: () => setMode('idle') })}
            disabled={withdraw.isPending}
          >
            Confirm withdrawal
          </button>
          <button type="button" onClick={() => setMode('idle')} disabled={withdraw.isPending}>
            Keep the request
          </button>
        </fieldset>
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setMode('correct')}>
            Correct the request
          </button>
          <button type="button" onClick={() => setMode('withdraw')}>
            Withdraw the request
          </button>
        </div>
      )}
      {withdraw.isError && <p role="alert">{withdraw.error.message}</p>}
    </section>
  )
}
