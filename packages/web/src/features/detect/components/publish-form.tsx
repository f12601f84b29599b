import { type Collection, CollectionId, type PublishNetworksInput, type PublishPreview, Tlp } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { TlpLabel } from '../../../components/tlp-label.js'
import { usePublish, usePublishPreview } from '../api/detect.js'

// TLP:CLEAR and GREEN reach beyond the organisations a collection names, so the analyst confirms them.
const WIDE: ReadonlySet<Tlp> = new Set(['clear', 'green'])

/**
 * Publishes networks to an exchange collection as STIX (a grouping with its accounts,
 * observables and evidence) under the TLP the analyst picks. It first shows what would be
 * shared — members without the allowlisted accounts, objects, who reads it — and publishes
 * only when the analyst agrees. `lastTlp` is the TLP these networks were last published at.
 */
export function PublishForm({
  runId,
  networks,
  collections,
  lastTlp,
}: {
  readonly runId: string
  readonly networks: readonly string[]
  readonly collections: readonly Collection[]
  readonly lastTlp?: Tlp | undefined
}) {
  const preview = usePublishPreview(runId)
  const publish = usePublish(runId)
  const [tlp, setTlp] = useState<Tlp>(lastTlp ?? 'amber')
  const [input, setInput] = useState<PublishNetworksInput | undefined>()
  const review = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const next = { networks: [...networks], collection: CollectionId.parse(form.get('collection')), tlp }
    publish.reset()
    setInput(next)
    preview.mutate(next)
  }
  const change = () => {
    setInput(undefined)
    preview.reset()
  }
  return (
    <section aria-labelledby="publish-title" className="publish-panel">
      <h2 id="publish-title">Publish to the exchange</h2>
      {collections.length === 0 ? (
        <p className="empty">Your organisation may write to no collection; an admin can grant one.</p>
      ) : (
        <form onSubmit={review} aria-label="Publish as STIX">
          <label htmlFor="publish-collection">Collection</label>
          <select id="publish-collection" name="collection" disabled={input !== undefined}>
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          <label htmlFor="publish-tlp">TLP</label>
          <select
            id="publish-tlp"
            name="tlp"
            value={tlp}
            disabled={input !== undefined}
            onChange={(e) => setTlp(Tlp.parse(e.target.value))}
          >
            {Tlp.options.map((t) => (
              <option key={t} value={t}>
                {t.toUpperCase()}
              </option>
            ))}
          </select>
          <p>
            Readers will see it as <TlpLabel tlp={tlp} />
          </p>
          {preview.isError && <p role="alert">Cannot publish: {preview.error.message}</p>}
          {input === undefined && (
            <button type="submit" disabled={preview.isPending}>
              Review before publishing {networks.length === 1 ? 'the network' : `${networks.length} networks`}
            </button>
          )}
        </form>
      )}
      {input && preview.isSuccess && !publish.isSuccess && (
        <PublishSummary
          summary={preview.data}
          pending={publish.isPending}
          error={publish.isError ? publish.error.message : undefined}
          onPublish={() => publish.mutate(input)}
          onChange={change}
        />
      )}
      {publish.isSuccess && (
        <p role="status" className="notice">
          Published: stored {publish.data.successCount} of {publish.data.total} STIX objects
          {publish.data.failureCount > 0 && `; ${publish.data.failureCount} refused`}.{' '}
          <button type="button" className="secondary" onClick={change}>
            Publish again
          </button>
        </p>
      )}
    </section>
  )
}

function PublishSummary({
  summary,
  pending,
  error,
  onPublish,
  onChange,
}: {
  readonly summary: PublishPreview
  readonly pending: boolean
  readonly error: string | undefined
  readonly onPublish: () => void
  readonly onChange: () => void
}) {
  const [agreed, setAgreed] = useState(false)
  const wide = WIDE.has(summary.tlp)
  const leftOut = summary.networks.flatMap((n) => n.leftOut)
  return (
    <section aria-labelledby="publish-summary-title" className="publish-summary">
      <h3 id="publish-summary-title">What will be published</h3>
      <ul>
        {summary.networks.map((n) => (
          <li key={n.id}>
            {n.id}: {n.members} accounts
            {n.leftOut.length > 0 && `, without the allowlisted ${n.leftOut.join(', ')}`}
          </li>
        ))}
      </ul>
      <p>
        {summary.objects} STIX objects into “{summary.collectionTitle}”, marked <TlpLabel tlp={summary.tlp} />.
      </p>
      {leftOut.length > 0 && (
        <p>
          {leftOut.length} allowlisted {leftOut.length === 1 ? 'account is' : 'accounts are'} left out of everything published.
        </p>
      )}
      <p>
        <strong>Who will read it:</strong> {summary.audience}
      </p>
      {wide && (
        <label className="inline">
          <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />I confirm these accounts may be named to
          these readers at TLP:{summary.tlp.toUpperCase()}
        </label>
      )}
      {error && <p role="alert">Not published: {error}</p>}
      <div className="actions">
        <button type="button" onClick={onPublish} disabled={pending || (wide && !agreed)}>
          Publish {summary.networks.length === 1 ? 'network' : `${summary.networks.length} networks`}
        </button>
        <button type="button" className="secondary" onClick={onChange}>
          Change
        </button>
      </div>
    </section>
  )
}
