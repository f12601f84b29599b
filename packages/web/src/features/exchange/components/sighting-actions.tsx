import type { Tlp } from '@vigil/contracts'
import { useState } from 'react'
import { useReportSighting, useWithdrawSighting } from '../api/exchange.js'

/**
 * "I saw this too", asked for confirmation first (it shares a sighting with everyone who may
 * read the object), and undone by withdrawing the organisation's own sighting.
 */
export function SightingActions({
  id,
  tlp,
  collectionId,
  yours,
}: {
  readonly id: string
  readonly tlp: Tlp
  readonly collectionId: string
  readonly yours: readonly string[]
}) {
  const report = useReportSighting(id)
  const withdraw = useWithdrawSighting(id)
  const [confirming, setConfirming] = useState(false)
  const label = `TLP:${tlp.toUpperCase()}`
  if (yours.length > 0)
    return (
      <div className="sighting-actions">
        <p role="status">
          {report.isSuccess ? `Your organisation's sighting is recorded under ${label}.` : 'Your organisation reported seeing this object.'}
        </p>
        <button type="button" className="secondary" onClick={() => withdraw.mutate(yours)} disabled={withdraw.isPending}>
          Withdraw our sighting
        </button>
        {withdraw.isError && <p role="alert">{withdraw.error.message}</p>}
      </div>
    )
  if (confirming)
    return (
      <fieldset className="sighting-actions">
        <legend>
          Record that your organisation saw this object too? Everyone who may read it sees the sighting, under {label}. You can withdraw it
          later.
        </legend>
        <button
          type="button"
          onClick={() => report.mutate({ collectionId, tlp }, { onSettled: () => setConfirming(false) })}
          disabled={report.isPending}
        >
          Yes, record our sighting
        </button>{' '}
        <button type="button" className="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </fieldset>
    )
  return (
    <div className="sighting-actions">
      <button type="button" onClick={() => setConfirming(true)}>
        I saw this too
      </button>
      {withdraw.isSuccess && <p role="status">Your organisation's sighting is withdrawn.</p>}
      {report.isSuccess && report.data.successCount !== 1 && <p role="alert">The sighting was refused.</p>}
      {report.isError && <p role="alert">{report.error.message}</p>}
    </div>
  )
}
