import type { PsiSession, RejectedLines } from '@vigil/contracts'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useSession } from '../../auth/api/session.js'
import { psiTransport, useAnswerPsiSession, useOrgs, usePsiAudit, usePsiSession } from '../api/psi.js'
import { usePsiKey } from '../lib/key-store.js'
import { type PsiRunResult, runPsiSide } from '../lib/run-side.js'
import { PsiKeyPanel } from './psi-key-panel.js'
import './psi.css'
import { formatDateTime } from '../../../lib/format-date.js'

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—')

function Facts({ session, side }: { session: PsiSession; side: 'initiator' | 'responder' }) {
  const orgs = useOrgs().data ?? []
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd data-testid="psi-status">{session.status}</dd>
      <dt>Your side</dt>
      <dd>{side}</dd>
      <dt>Initiator</dt>
      <dd>{name(session.initiatorOrgId)}</dd>
      <dt>Responder</dt>
      <dd>{name(session.responderOrgId)}</dd>
      <dt>Selector kind</dt>
      <dd>{session.kind}</dd>
      <dt>Maximum set size</dt>
      <dd>{session.maxSetSize}</dd>
      <dt>The responder learns</dt>
      <dd>{session.responderLearns === 'cardinality' ? 'the intersection size' : 'nothing but the initiator’s set size'}</dd>
      <dt>Expires</dt>
      <dd>{when(session.expiresAt)}</dd>
      <dt>Set sizes</dt>
      <dd>
        initiator {session.initiatorSetSize ?? '—'}, responder {session.responderSetSize ?? '—'}
      </dd>
      {session.status === 'completed' && (
        <>
          <dt>Intersection size</dt>
          <dd data-testid="psi-intersection-size">{session.intersectionSize ?? 'not shown to you under these terms'}</dd>
        </>
      )}
    </dl>
  )
}

function Answer({ session }: { session: PsiSession }) {
  const answer = useAnswerPsiSession(session.id)
  const [reason, setReason] = useState('')
  return (
    <section aria-labelledby="psi-answer-title" className="card">
      <h2 id="psi-answer-title">Answer the proposal</h2>
      <p>
        Purpose: <q>{session.purpose}</q>
      </p>
      <button type="button" disabled={answer.isPending} onClick={() => answer.mutate({ accept: true })}>
        Accept
      </button>{' '}
      <label htmlFor="psi-decline-reason">Reason to decline (optional, audited)</label>
      <input id="psi-decline-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
      <button
        type="button"
        className="secondary"
        disabled={answer.isPending}
        onClick={() => answer.mutate({ accept: false, ...(reason.trim() ? { reason: reason.trim() } : {}) })}
      >
        Decline
      </button>
      {answer.isError && <p role="alert">{answer.error.message}</p>}
    </section>
  )
}

function describeRejected(rejected: RejectedLines | undefined): string {
  if (!rejected?.count) return ''
  return ` (${rejected.count} line(s) skipped as not selectors of this kind, first: ${rejected.firstLines.join(', ')})`
}

/** Runs this organisation's side in the page: selectors are read, normalised and blinded here. */
/** Stays mounted from the run to its result (the session moves on meanwhile); offers a run only while `runnable`. */
function RunPanel({ session, myOrgId, runnable }: { session: PsiSession; myOrgId: string; runnable: boolean }) {
  const key = usePsiKey()
  const [progress, setProgress] = useState<string>()
  const [problem, setProblem] = useState<string>()
  const [result, setResult] = useState<PsiRunResult>()
  const [running, setRunning] = useState(false)
  const abort = useRef<AbortController | undefined>(undefined)
  useEffect(() => () => abort.current?.abort(), [])
  const side = myOrgId === session.initiatorOrgId ? 'initiator' : 'responder'
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!key) return setProblem('Load your organisation’s key first.')
    const form = new FormData(event.currentTarget)
    const file = form.get('file')
    const text = file instanceof File && file.size > 0 ? await file.text() : String(form.get('selectors') ?? '')
    setProblem(undefined)
    setRunning(true)
    abort.current = new AbortController()
    try {
      setResult(
        await runPsiSide({
          session,
          myOrgId,
          key,
          peerFingerprint: String(form.get('peerFingerprint') ?? ''),
          lines: text.split(/\r?\n/),
          transport: psiTransport,
          signal: abort.current.signal,
          onProgress: (step, rejected) => setProgress(`${step}${describeRejected(rejected)}`),
        }),
      )
    } catch (err) {
      if (!abort.current.signal.aborted) setProblem((err as Error).message)
    } finally {
      setRunning(false)
    }
  }
  if (result?.side === 'initiator') {
    return (
      <section aria-labelledby="psi-result-title" className="card">
        <h2 id="psi-result-title">Result</h2>
        <p>
          {result.shared.length} of your {result.selectorCount} selectors are also held by the responder (which holds{' '}
          {result.session.responderSetSize}). This list exists only in this page: copy it before you leave.
        </p>
        <ul aria-label="Shared selectors">
          {result.shared.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </section>
    )
  }
  if (result?.side === 'responder') {
    return (
      <section aria-labelledby="psi-result-title" className="card">
        <h2 id="psi-result-title">Result</h2>
        <p>
          You answered with {result.selectorCount} selectors. Intersection size:{' '}
          {result.session.intersectionSize ?? 'not shown to you under these terms'}.
        </p>
      </section>
    )
  }
  if (!(runnable || running || problem)) return null
  return (
    <>
      <PsiKeyPanel />
      <section aria-labelledby="psi-run-title" className="card">
        <h2 id="psi-run-title">Run your side</h2>
        <p>
          Your selectors are normalised, hashed and blinded in this browser; only blinded elements, sizes and signatures go to the server.{' '}
          {side === 'initiator' ? 'Keep this page open until the responder has answered: your secret lives only here.' : ''}
        </p>
        <form aria-label="Run your side" onSubmit={(e) => void onSubmit(e)}>
          <label htmlFor="psi-peer-fp">The other organisation’s key fingerprint (as they told you out of band)</label>
          <input id="psi-peer-fp" name="peerFingerprint" required pattern="[0-9a-fA-F: ]{64,}" autoComplete="off" />
          <label htmlFor="psi-selectors">Selectors, one per line</label>
          <textarea id="psi-selectors" name="selectors" rows={6} spellCheck={false} />
          <label htmlFor="psi-selector-file">Or a file of selectors</label>
          <input id="psi-selector-file" name="file" type="file" accept=".txt,.csv,text/plain" />
          <button type="submit" disabled={running || !key}>
            Run
          </button>
        </form>
        {progress && (
          <p role="status" data-testid="psi-progress">
            {progress}
          </p>
        )}
        {problem && <p role="alert">{problem}</p>}
      </section>
    </>
  )
}

/** An entry's details as `key: value` pairs, a digest or id broken wherever the cell needs. */
function detailsText(details: Record<string, unknown>): string {
  const entries = Object.entries(details)
  if (entries.length === 0) return '—'
  return entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ')
}

function AuditTrail({ session }: { session: PsiSession }) {
  const audit = usePsiAudit(session.id, session.status)
  return (
    <section aria-labelledby="psi-audit-title">
      <h2 id="psi-audit-title">Audit trail</h2>
      <QueryState query={audit} isEmpty={(d) => d.steps.length === 0}>
        {({ steps }) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Step</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => (
                <tr key={s.seq}>
                  <td>{when(s.at)}</td>
                  <td>{s.action.replace('psi.session.', '')}</td>
                  <td>{s.outcome}</td>
                  <td className="psi-details">{detailsText(s.details)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
    </section>
  )
}

/** One session: its terms and state, the responder's answer, this side's run, and the audit trail. */
export function PsiSessionView({ id }: { id: string }) {
  const me = useSession().data
  const session = usePsiSession(id)
  return (
    <QueryState query={session}>
      {(s) => {
        const myOrgId = me?.org.id ?? ''
        const side = myOrgId === s.initiatorOrgId ? 'initiator' : 'responder'
        const runnable = side === 'initiator' ? s.status === 'accepted' : s.status === 'accepted' || s.status === 'blinded'
        return (
          <>
            <h1>PSI session: {s.purpose}</h1>
            <Facts session={s} side={side} />
            {side === 'responder' && s.status === 'proposed' && <Answer session={s} />}
            {side === 'initiator' && s.status === 'proposed' && <p>Waiting for the other organisation to accept.</p>}
            {['accepted', 'blinded', 'replied', 'completed'].includes(s.status) && (
              <RunPanel session={s} myOrgId={myOrgId} runnable={runnable} />
            )}
            <AuditTrail session={s} />
          </>
        )
      }}
    </QueryState>
  )
}
