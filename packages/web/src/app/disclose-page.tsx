import { type Disclosure, Tlp } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useSession } from '../features/auth/api/session.js'
import {
  useCreateDisclosure,
  useDisclosure,
  useDisclosureAction,
  useDisclosurePosts,
  useDisclosureReport,
  useDisclosures,
} from '../features/disclose/api/disclose.js'
import { useWritableCollections } from '../features/exchange/api/exchange.js'
import { formatCount, formatDateTime } from '../lib/format-date.js'

const lines = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')

/** The organisation's disclosures, newest first. */
export function DisclosuresPage() {
  const list = useDisclosures()
  return (
    <>
      <h1>Disclosures</h1>
      <p>
        Prepare a disclosure from a confirmed network's page in Detect, or <Link to="/disclose/live">from a live feed</Link>.
      </p>
      {list.isError && <p role="alert">{list.error.message}</p>}
      {list.data && list.data.disclosures.length === 0 && <p className="empty">No disclosures yet.</p>}
      <ul aria-label="Disclosures">
        {list.data?.disclosures.map((d) => (
          <li key={d.id}>
            <Link to={`/disclose/${d.id}`}>{d.title}</Link> ({d.status}, by {d.createdBy})
          </li>
        ))}
      </ul>
    </>
  )
}

/** "Prepare disclosure": a draft from the networks named in the address (`?run=…&network=…`, or `?feed=…&network=…` for confirmed live networks). */
export function PrepareDisclosurePage() {
  const [params] = useSearchParams()
  const runId = params.get('run') ?? ''
  const feed = params.get('feed')
  const networks = params.getAll('network')
  const create = useCreateDisclosure()
  const navigate = useNavigate()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    create.mutate(
      {
        source: feed !== null ? { kind: 'live', feed, networks } : { kind: 'run', runId: runId as never, networks },
        title: String(form.get('title') ?? ''),
        summary: String(form.get('summary') ?? ''),
        origin: String(form.get('origin') ?? ''),
        targets: lines(form.get('targets')),
        notes: String(form.get('notes') ?? ''),
      },
      { onSuccess: (d) => navigate(`/disclose/${d.id}`) },
    )
  }
  return (
    <>
      <h1>Prepare disclosure</h1>
      <p>
        From network{networks.length > 1 ? 's' : ''} {networks.join(', ')} of{' '}
        {feed !== null ? <>live feed {feed}</> : <Link to={`/detect/runs/${runId}`}>run {runId}</Link>}.
      </p>
      <form onSubmit={submit} aria-label="Prepare disclosure">
        <label htmlFor="d-title">Title</label>
        <input id="d-title" name="title" required maxLength={200} />
        <label htmlFor="d-summary">Summary</label>
        <textarea id="d-summary" name="summary" rows={4} maxLength={20000} />
        <label htmlFor="d-origin">Origin</label>
        <input id="d-origin" name="origin" maxLength={200} />
        <label htmlFor="d-targets">Targets (one a line)</label>
        <textarea id="d-targets" name="targets" rows={2} />
        <label htmlFor="d-notes">How it was found</label>
        <textarea id="d-notes" name="notes" rows={3} maxLength={20000} />
        {create.isError && <p role="alert">{create.error.message}</p>}
        <button type="submit" disabled={create.isPending || networks.length === 0}>
          Create draft
        </button>
      </form>
    </>
  )
}

function SamplePicker({ disclosure }: { readonly disclosure: Disclosure }) {
  const posts = useDisclosurePosts(disclosure.id)
  const action = useDisclosureAction(disclosure.id)
  const [chosen, setChosen] = useState<readonly string[] | null>(null)
  const current = chosen ?? disclosure.samples.map((s) => s.post)
  const editable = disclosure.status === 'draft'
  const toggle = (post: string) => setChosen(current.includes(post) ? current.filter((p) => p !== post) : [...current, post])
  return (
    <section aria-labelledby="samples-title">
      <h2 id="samples-title">Sample posts</h2>
      <p>
        Shown as the report will show them: authors under {formatCount(disclosure.threshold)} followers (or with no count) hashed, links
        without query strings, e-mail addresses and phone numbers removed. {posts.data && `${posts.data.total} posts in the networks.`}
      </p>
      {posts.isError && <p role="alert">{posts.error.message}</p>}
      <ul aria-label="Posts of the networks" className="samples">
        {posts.data?.posts.map((p) => (
          <li key={p.post}>
            <label>
              <input type="checkbox" checked={current.includes(p.post)} disabled={!editable} onChange={() => toggle(p.post)} />
              <strong>{p.author}</strong> {formatDateTime(p.time)}: {p.text}
            </label>
          </li>
        ))}
      </ul>
      {editable && (
        <button
          type="button"
          disabled={action.isPending || chosen === null}
          onClick={() => action.mutate({ kind: 'edit', patch: { samples: [...current] } }, { onSuccess: () => setChosen(null) })}
        >
          Save samples
        </button>
      )}
      {action.isError && <p role="alert">{action.error.message}</p>}
    </section>
  )
}

function Workflow({ disclosure }: { readonly disclosure: Disclosure }) {
  const session = useSession().data
  const action = useDisclosureAction(disclosure.id)
  const collections = useWritableCollections()
  const may = (p: string) => session?.permissions.includes(p) ?? false
  const publish = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    action.mutate({ kind: 'publish', input: { collection: String(form.get('collection')) as never, tlp: Tlp.parse(form.get('tlp')) } })
  }
  const withdraw = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    action.mutate({ kind: 'withdraw', reason: String(new FormData(event.currentTarget).get('reason') ?? '') })
  }
  const { status } = disclosure
  return (
    <section aria-labelledby="workflow-title">
      <h2 id="workflow-title">Workflow</h2>
      <p>
        Status: <strong>{status}</strong>
        {disclosure.withdrawReason && ` (${disclosure.withdrawReason})`}
      </p>
      {!disclosure.publication && (
        <p>
          Public address once published: <code>/disclosures/{disclosure.slug}</code>
        </p>
      )}
      {disclosure.publication && status === 'withdrawn' && (
        <p>
          Was published at <a href={disclosure.publication.url}>{disclosure.publication.url}</a>, which now answers that it was withdrawn;
          its STIX report {disclosure.publication.stixReportId} is revoked in the exchange. The frozen copy is kept for the record.
        </p>
      )}
      {disclosure.publication && status !== 'withdrawn' && (
        <p>
          Published at <a href={disclosure.publication.url}>{disclosure.publication.url}</a>; STIX report{' '}
          {disclosure.publication.stixReportId} (TLP:
          {disclosure.publication.tlp.toUpperCase()}).
        </p>
      )}
      <ol className="history" aria-label="Workflow history">
        {disclosure.history.map((h) => (
          <li key={`${h.at}\n${h.step}`}>
            {h.step} by {h.by}, {formatDateTime(h.at)}
            {h.reason && `: ${h.reason}`}
          </li>
        ))}
      </ol>
      {status === 'draft' && may('disclose:write') && (
        <button type="button" disabled={action.isPending} onClick={() => action.mutate({ kind: 'submit' })}>
          Submit for review
        </button>
      )}
      {status === 'submitted' && may('disclose:review') && (
        <button type="button" disabled={action.isPending} onClick={() => action.mutate({ kind: 'approve' })}>
          Approve
        </button>
      )}
      {status === 'approved' && may('disclose:write') && (
        <form onSubmit={publish} aria-label="Publish">
          <label htmlFor="p-collection">Collection</label>
          <select id="p-collection" name="collection" required>
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          <label htmlFor="p-tlp">TLP</label>
          <select id="p-tlp" name="tlp" defaultValue="green">
            {Tlp.options.map((t) => (
              <option key={t} value={t}>
                {t.toUpperCase()}
              </option>
            ))}
          </select>
          <button type="submit" disabled={action.isPending}>
            Publish
          </button>
        </form>
      )}
      {status === 'published' && may('disclose:review') && (
        <form onSubmit={withdraw} aria-label="Withdraw publication">
          <label htmlFor="w-reason">Reason to withdraw the publication (shown at its public address)</label>
          <input id="w-reason" name="reason" required maxLength={2000} />
          <button type="submit" disabled={action.isPending}>
            Withdraw publication
          </button>
        </form>
      )}
      {(status === 'draft' || status === 'submitted' || status === 'approved') && (may('disclose:write') || may('disclose:review')) && (
        <form onSubmit={withdraw} aria-label="Withdraw">
          <label htmlFor="w-reason">Reason to withdraw</label>
          <input id="w-reason" name="reason" required maxLength={2000} />
          <button type="submit" disabled={action.isPending}>
            Withdraw
          </button>
        </form>
      )}
      {action.isError && <p role="alert">{action.error.message}</p>}
    </section>
  )
}

/** One disclosure: its workflow, the sample picker and a preview of the public report. */
export function DisclosurePage() {
  const { id = '' } = useParams()
  const disclosure = useDisclosure(id)
  const report = useDisclosureReport(id)
  if (disclosure.isError) return <p role="alert">{disclosure.error.message}</p>
  if (!disclosure.data) return <p>Loading…</p>
  const d = disclosure.data
  return (
    <>
      <h1>{d.title}</h1>
      <Workflow disclosure={d} />
      <SamplePicker disclosure={d} />
      <section aria-labelledby="preview-title">
        <h2 id="preview-title">Report preview</h2>
        {report.data && (
          <iframe
            title="Report preview"
            sandbox=""
            srcDoc={report.data.html}
            style={{ width: '100%', height: '40rem', border: '1px solid #ccc' }}
          />
        )}
      </section>
    </>
  )
}
