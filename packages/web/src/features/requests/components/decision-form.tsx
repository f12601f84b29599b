import { DataCategory, RejectCode, type RequestView } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { formatDateTime } from '../../../lib/format-date.js'
import { useRequestAction } from '../api/requests.js'

/** The reviewer's decision: approve, narrow, reject or ask for information; then disclose. */
export function DecisionForm({ request }: { readonly request: RequestView }) {
  const act = useRequestAction(request.id)
  const [decision, setDecision] = useState<'approve' | 'narrow' | 'reject' | 'request_information'>('approve')
  const [previewing, setPreviewing] = useState(false)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const note = String(form.get('note') ?? '').trim()
    if (decision === 'approve') act.mutate({ type: 'approve', ...(note ? { note } : {}) })
    if (decision === 'narrow') act.mutate({ type: 'narrow', categories: form.getAll('categories').map((c) => DataCategory.parse(c)), note })
    if (decision === 'reject') act.mutate({ type: 'reject', code: RejectCode.parse(form.get('code')), note })
    if (decision === 'request_information') act.mutate({ type: 'request_information', message: note })
  }
  const download = act.data?.download
  return (
    <section aria-labelledby="decide-title">
      <h2 id="decide-title">Decision</h2>
      {request.state === 'submitted' && (
        <button type="button" onClick={() => act.mutate({ type: 'start_review' })}>
          Start review
        </button>
      )}
      {request.state === 'in_review' && (
        <form onSubmit={submit} aria-label="Decide">
          <fieldset>
            <legend>Decision</legend>
            {(['approve', 'narrow', 'reject', 'request_information'] as const).map((d) => (
              <label key={d} className="inline">
                <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} />{' '}
                {d.replace('_', ' ')}
              </label>
            ))}
          </fieldset>
          {decision === 'narrow' && (
            <fieldset>
              <legend>Categories to disclose</legend>
              {request.request.categories.map((c) => (
                <label key={c} className="inline">
                  <input type="checkbox" name="categories" value={c} defaultChecked={request.assessment.allowedCategories.includes(c)} />{' '}
                  {c.replaceAll('_', ' ')}
                </label>
              ))}
            </fieldset>
          )}
          {decision === 'reject' && (
            <>
              <label htmlFor="d-code">Reason</label>
              <select id="d-code" name="code" defaultValue={request.assessment.rejectCode ?? 'INSUFFICIENT_LEGAL_PROCESS'}>
                {RejectCode.options.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </>
          )}
          <label htmlFor="d-note">{decision === 'request_information' ? 'Message to the requester' : 'Note'}</label>
          <textarea id="d-note" name="note" rows={3} required={decision !== 'approve'} />
          <button type="submit" disabled={act.isPending}>
            Record decision
          </button>
        </form>
      )}
      {(request.state === 'approved' || request.state === 'narrowed') &&
        (previewing ? (
          <PackagePreview
            request={request}
            pending={act.isPending}
            onCreate={() => act.mutate({ type: 'disclose' })}
            onCancel={() => setPreviewing(false)}
          />
        ) : (
          <button type="button" onClick={() => setPreviewing(true)} disabled={request.pendingConditions.length > 0}>
            Preview the disclosure package
          </button>
        ))}
      {request.pendingConditions.length > 0 && <p>Pending before disclosure: {request.pendingConditions.join(', ')}</p>}
      {act.isError && <p role="alert">{act.error.message}</p>}
      {download && (
        <p role="status">
          Package ready (SHA-256 <code>{download.sha256.slice(0, 16)}…</code>), link valid until {formatDateTime(download.expiresAt)}. The
          link is in the request's messages, where the requesting agency downloads it.
        </p>
      )}
    </section>
  )
}

/** What the package will hold, from the decision recorded, for the reviewer to confirm before it is built and signed. */
function PackagePreview({
  request,
  pending,
  onCreate,
  onCancel,
}: {
  readonly request: RequestView
  readonly pending: boolean
  readonly onCreate: () => void
  readonly onCancel: () => void
}) {
  const range = request.request.dateRange
  return (
    <section aria-labelledby="package-preview-title" className="publish-summary">
      <h3 id="package-preview-title">The disclosure package will hold</h3>
      <dl className="facts">
        <dt>Accounts</dt>
        <dd>{request.request.targets.map((t) => `${t.type}:${t.value}`).join(', ') || '—'}</dd>
        <dt>Data categories</dt>
        <dd>{request.approvedCategories.map((c) => c.replaceAll('_', ' ')).join(', ') || '—'}</dd>
        <dt>Dates</dt>
        <dd>{range ? `${range.from} to ${range.to}` : 'all dates the account data holds'}</dd>
        <dt>Files</dt>
        <dd>data.json and a CSV per category, with manifest.json (each file’s SHA-256) signed by this instance</dd>
      </dl>
      <p>
        Only these categories, accounts and dates leave the platform; the requesting agency gets a time-limited link, and every download is
        audited.
      </p>
      <div className="actions">
        <button type="button" onClick={onCreate} disabled={pending}>
          Create disclosure package
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  )
}
