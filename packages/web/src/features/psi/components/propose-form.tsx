import { OrgId, PSI_MAX_SESSION_HOURS, ResponderLearns, SelectorKind } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import { useSession } from '../../auth/api/session.js'
import { useOrgs, useProposePsiSession } from '../api/psi.js'

/** Proposes a session to another organisation: selector kind, maximum set size, terms, lifetime and purpose. */
export function ProposeForm() {
  const me = useSession().data
  const orgs = useOrgs()
  const propose = useProposePsiSession()
  const navigate = useNavigate()
  const [problem, setProblem] = useState<string>()
  const others = (orgs.data ?? []).filter((o) => o.id !== me?.org.id && o.status === 'active')
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setProblem(undefined)
    const form = new FormData(event.currentTarget)
    const get = (k: string) => String(form.get(k) ?? '').trim()
    propose.mutate(
      {
        responderOrgId: OrgId.parse(get('responder')),
        purpose: get('purpose'),
        kind: SelectorKind.parse(get('kind')),
        maxSetSize: Number(get('maxSetSize')),
        responderLearns: ResponderLearns.parse(get('terms')),
        hours: Number(get('hours')),
      },
      { onSuccess: (session) => navigate(`/psi/sessions/${session.id}`), onError: (err) => setProblem(err.message) },
    )
  }
  return (
    <section aria-labelledby="psi-propose-title">
      <h2 id="psi-propose-title">Propose a session</h2>
      <form aria-label="Propose a PSI session" onSubmit={onSubmit}>
        <label htmlFor="psi-responder">Other organisation</label>
        <select id="psi-responder" name="responder" required>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <label htmlFor="psi-purpose">Purpose (shown to them and audited)</label>
        <textarea id="psi-purpose" name="purpose" required minLength={10} maxLength={1000} rows={2} />
        <label htmlFor="psi-kind">Selector kind</label>
        <select id="psi-kind" name="kind" defaultValue="phone">
          {SelectorKind.options.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <label htmlFor="psi-max">Maximum set size (either side)</label>
        <input id="psi-max" name="maxSetSize" type="number" required min={1} max={1_000_000} defaultValue={1000} />
        <label htmlFor="psi-terms">What they learn</label>
        <select id="psi-terms" name="terms" defaultValue="nothing">
          <option value="nothing">nothing but your set size (default)</option>
          <option value="cardinality">also the intersection size (lets them probe with a small set)</option>
        </select>
        <label htmlFor="psi-hours">Expires after (hours)</label>
        <input id="psi-hours" name="hours" type="number" required min={1} max={PSI_MAX_SESSION_HOURS} defaultValue={72} />
        <button type="submit" disabled={propose.isPending || others.length === 0}>
          Propose
        </button>
        {problem && <p role="alert">{problem}</p>}
      </form>
    </section>
  )
}
