import { LEGAL_PROCESS_LABELS, OrgId, type RequestView, type SubmitRequestBody } from '@vigil/contracts'
import { useNavigate } from 'react-router'
import { useCorrectRequest, useSubmitRequest } from '../api/requests.js'

/** A checked request, ready to be sent once the requester confirms it. */
export interface IntakeDraft {
  readonly platformOrgId: string
  readonly platformName: string
  readonly request: SubmitRequestBody['request']
  readonly signed: boolean
  /** The chosen PDF; a correction without one keeps the document on file. */
  readonly file: File | undefined
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

async function documentOf(draft: IntakeDraft) {
  if (!draft.file) return undefined
  return { filename: draft.file.name, signed: draft.signed, pdfBase64: toBase64(new Uint8Array(await draft.file.arrayBuffer())) }
}

const orDash = (s: string | undefined) => s || '—'

/**
 * The review step: what will be sent, in words, then Submit (or Edit to go back to the form
 * as it was left).
 */
export function IntakeSummary(props: {
  readonly draft: IntakeDraft
  readonly correcting: RequestView | undefined
  readonly onEdit: () => void
  readonly onDone: (() => void) | undefined
}) {
  const { draft } = props
  const r = draft.request
  const submit = useSubmitRequest()
  const correct = useCorrectRequest(props.correcting?.id ?? '')
  const navigate = useNavigate()
  const pending = submit.isPending || correct.isPending
  const error = submit.error ?? correct.error
  const send = async () => {
    const document = await documentOf(draft)
    if (props.correcting) {
      correct.mutate({ request: r, ...(document ? { document } : {}) }, { onSuccess: () => props.onDone?.() })
    } else if (document) {
      submit.mutate(
        { platformOrgId: OrgId.parse(draft.platformOrgId), request: r, document },
        { onSuccess: (view) => navigate(`/requests/${view.id}`) },
      )
    }
  }
  return (
    <section aria-labelledby="intake-summary-title" className="intake-summary">
      <h3 id="intake-summary-title">Check the request before sending</h3>
      <dl className="facts">
        {!props.correcting && (
          <>
            <dt>Platform</dt>
            <dd>{orDash(draft.platformName)}</dd>
          </>
        )}
        <dt>Legal process</dt>
        <dd>{LEGAL_PROCESS_LABELS[r.process].label}</dd>
        <dt>Agency</dt>
        <dd>
          {orDash(r.agency.name)} ({r.agency.country})
        </dd>
        <dt>Official</dt>
        <dd>{[r.official.name, r.official.email, r.official.phone].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>Case number</dt>
        <dd>{orDash(r.caseNumber)}</dd>
        <dt>Accounts</dt>
        <dd>{r.targets.map((t) => `${t.type}:${t.value}`).join(', ') || '—'}</dd>
        <dt>Data asked for</dt>
        <dd>{r.categories.map((c) => c.replaceAll('_', ' ')).join(', ') || '—'}</dd>
        <dt>Period</dt>
        <dd>{r.dateRange ? `${r.dateRange.from} to ${r.dateRange.to}` : '—'}</dd>
        <dt>Non-disclosure order</dt>
        <dd>{r.nonDisclosureOrder?.expiresOn ? `until ${r.nonDisclosureOrder.expiresOn}` : 'none'}</dd>
        {r.emergency && (
          <>
            <dt>Emergency</dt>
            <dd>
              {r.emergency.threat?.replaceAll('_', ' ')}; {orDash(r.emergency.personAtRisk)}; {orDash(r.emergency.nature)}
            </dd>
          </>
        )}
        <dt>Legal document</dt>
        <dd>
          {draft.file
            ? `${draft.file.name} (${Math.ceil(draft.file.size / 1024)} KiB, ${draft.signed ? 'signed' : 'unsigned'})`
            : 'the document already sent'}
        </dd>
      </dl>
      {error && <p role="alert">{error.message}</p>}
      <div className="actions">
        <button type="button" onClick={props.onEdit} disabled={pending}>
          Edit
        </button>
        <button type="button" onClick={() => void send()} disabled={pending}>
          {props.correcting ? 'Send the correction' : 'Submit request'}
        </button>
      </div>
    </section>
  )
}
