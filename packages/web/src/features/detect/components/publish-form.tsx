import { type Collection, CollectionId, Tlp } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { TlpLabel } from '../../../components/tlp-label.js'
import { usePublish } from '../api/detect.js'

/**
 * Publishes networks to an exchange collection as STIX (a grouping with its accounts,
 * observables and evidence) under the TLP the analyst picks.
 */
export function PublishForm({
  runId,
  networks,
  collections,
}: {
  readonly runId: string
  readonly networks: readonly string[]
  readonly collections: readonly Collection[]
}) {
  const publish = usePublish(runId)
  const [tlp, setTlp] = useState<Tlp>('amber')
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    publish.mutate({ networks: [...networks], collection: CollectionId.parse(form.get('collection')), tlp })
  }
  return (
    <section aria-labelledby="publish-title">
      <h2 id="publish-title">Publish to the exchange</h2>
      {collections.length === 0 ? (
        <p className="empty">Your organisation may write to no collection; an admin can grant one.</p>
      ) : (
        <form onSubmit={submit} aria-label="Publish as STIX">
          <label htmlFor="publish-collection">Collection</label>
          <select id="publish-collection" name="collection">
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          <label htmlFor="publish-tlp">TLP</label>
          <select id="publish-tlp" name="tlp" value={tlp} onChange={(e) => setTlp(Tlp.parse(e.target.value))}>
            {Tlp.options.map((t) => (
              <option key={t} value={t}>
                {t.toUpperCase()}
              </option>
            ))}
          </select>
          <p>
            Readers will see it as <TlpLabel tlp={tlp} />
          </p>
          {publish.isError && <p role="alert">Not published: {publish.error.message}</p>}
          <button type="submit" disabled={publish.isPending}>
            Publish {networks.length === 1 ? 'network' : `${networks.length} networks`}
          </button>
        </form>
      )}
      {publish.isSuccess && (
        <p role="status" className="notice">
          Published: stored {publish.data.successCount} of {publish.data.total} STIX objects
          {publish.data.failureCount > 0 && `; ${publish.data.failureCount} refused`}.
        </p>
      )}
    </section>
  )
}
