import { QueryState } from '../../../components/query-state.js'
import { useCorrelations, useDismissCorrelation, useObjectsById } from '../api/exchange.js'
import { ObjectRef } from './object-ref.js'

/** Notices that another organisation's object shares observables with one the caller can see. */
export function CorrelationInbox() {
  const correlations = useCorrelations()
  const dismiss = useDismissCorrelation()
  const objects = useObjectsById([...new Set(correlations.data?.notices.flatMap((n) => n.objects) ?? [])].sort())
  const entryOf = (id: string) => objects.data?.objects.find((e) => e.object.id === id)
  return (
    <section aria-labelledby="corr-title">
      <h2 id="corr-title">Correlation inbox</h2>
      <QueryState query={correlations} isEmpty={(d) => d.notices.length === 0} empty="No correlations with other organisations yet.">
        {(d) => (
          <ul className="notices">
            {d.notices.map((n) => (
              <li key={n.id}>
                <ObjectRef id={n.objects[0]} entry={entryOf(n.objects[0])} /> and{' '}
                <ObjectRef id={n.objects[1]} entry={entryOf(n.objects[1])} /> share {n.observables.join(', ')}{' '}
                <button type="button" className="secondary" onClick={() => dismiss.mutate(n.id)}>
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  )
}
