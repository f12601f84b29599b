import { Link } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { useCorrelations, useDismissCorrelation } from '../api/exchange.js'

/** Notices that another organisation's object shares observables with one the caller can see. */
export function CorrelationInbox() {
  const correlations = useCorrelations()
  const dismiss = useDismissCorrelation()
  return (
    <section aria-labelledby="corr-title">
      <h2 id="corr-title">Correlation inbox</h2>
      <QueryState query={correlations} isEmpty={(d) => d.notices.length === 0} empty="No correlations with other organisations yet.">
        {(d) => (
          <ul className="notices">
            {d.notices.map((n) => (
              <li key={n.id}>
                <Link to={`/exchange/objects/${encodeURIComponent(n.objects[0])}`}>{n.objects[0]}</Link> and{' '}
                <Link to={`/exchange/objects/${encodeURIComponent(n.objects[1])}`}>{n.objects[1]}</Link> share {n.observables.join(', ')}{' '}
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
