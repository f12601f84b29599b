import { LEGAL_PROCESS_LABELS } from '@vigil/contracts'
import { useParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { formatDateTime } from '../../../lib/format-date.js'
import { useRequest } from '../api/requests.js'
import { BeforeReview } from './before-review.js'
import { CallbackForm } from './callback-form.js'
import { DecisionForm } from './decision-form.js'
import { slaText } from './request-list.js'
import { RequestRecordPanel } from './request-record.js'

/** One request: what was asked, the automated assessment with its reasons and rules, and what happened. */
export function RequestPage({ canReview, canRequest = false }: { readonly canReview: boolean; readonly canRequest?: boolean }) {
  const id = useParams().id ?? ''
  const request = useRequest(id)
  return (
    <QueryState query={request}>
      {(r) => (
        <>
          <h1>Request {r.request.caseNumber ?? r.id.slice(0, 8)}</h1>
          <dl className="facts">
            <dt>State</dt>
            <dd data-testid="request-state">{r.state.replaceAll('_', ' ')}</dd>
            <dt>SLA clock (UTC)</dt>
            <dd>{slaText(r.slaDueAt)}</dd>
            <dt>Process</dt>
            <dd>
              {LEGAL_PROCESS_LABELS[r.request.process].label}
              <span className="field-help"> — {LEGAL_PROCESS_LABELS[r.request.process].help}</span>
            </dd>
            <dt>Agency</dt>
            <dd>
              {r.request.agency.name ?? '—'} ({r.request.agency.country})
            </dd>
            <dt>Accounts</dt>
            <dd>{r.request.targets.map((t) => `${t.type}:${t.value}`).join(', ') || '—'}</dd>
            <dt>Asked for</dt>
            <dd>{r.request.categories.join(', ').replaceAll('_', ' ') || '—'}</dd>
            <dt>Approved</dt>
            <dd>{r.approvedCategories.join(', ').replaceAll('_', ' ') || '—'}</dd>
            <dt>Legal document</dt>
            <dd>
              <code>{r.request.legalDocument?.sha256.slice(0, 16)}…</code> {r.request.legalDocument?.signed ? 'signed' : 'unsigned'}{' '}
              {r.request.legalDocument && (
                <a href={documentPath(r.id)} target="_blank" rel="noopener">
                  Open the legal document (PDF)
                </a>
              )}
            </dd>
          </dl>
          <section aria-labelledby="assessment-title">
            <h2 id="assessment-title">Automated assessment: {r.assessment.outcome.replaceAll('_', ' ')}</h2>
            <p>A recommendation for the reviewer, with the rule behind each reason.</p>
            <ul>
              {r.assessment.reasons.map((reason) => (
                <li key={`${reason.code}-${reason.rule}-${reason.message}`}>
                  <strong>{reason.rule}</strong> {reason.message}
                </li>
              ))}
              {r.assessment.droppedCategories.map((d) => (
                <li key={d.category}>
                  <strong>{d.rule}</strong> drops {d.category.replaceAll('_', ' ')}: {d.message}
                </li>
              ))}
            </ul>
          </section>
          {canRequest && r.state === 'submitted' && <BeforeReview request={r} />}
          {canReview && <CallbackForm request={r} />}
          {canReview && (
            <div className="review-layout">
              {r.request.legalDocument && (
                <iframe className="legal-document" src={documentPath(r.id)} title="The legal document under review" />
              )}
              <DecisionForm request={r} />
            </div>
          )}
          {(r.messages?.length ?? 0) > 0 && (
            <section aria-labelledby="thread-title">
              <h2 id="thread-title">Messages</h2>
              <ul>
                {r.messages?.map((m) => (
                  <li key={m.at}>
                    <strong>{m.side}</strong> {formatDateTime(m.at)}: <MessageText text={m.text} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          {canReview && <RequestRecordPanel id={r.id} />}
        </>
      )}
    </QueryState>
  )
}

const documentPath = (id: string) => `/api/v1/requests/${encodeURIComponent(id)}/document`

// A disclosure package's link, as the server writes it into the thread.
const PACKAGE_LINK = /(\/api\/v1\/requests\/[0-9a-f-]{36}\/package\?token=[\w-]+)/

/** A thread message, with a disclosure package's link made a download link. */
function MessageText({ text }: { readonly text: string }) {
  const [before, link, after] = text.split(PACKAGE_LINK)
  if (link === undefined) return <>{text}</>
  return (
    <>
      {before}
      <a href={link} download>
        download the package
      </a>
      {after}
    </>
  )
}
