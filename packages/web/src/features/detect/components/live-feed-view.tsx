import type { LiveAlert } from '@vigil/contracts'
import { lazy, Suspense, useMemo } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { useLiveAlerts, useLiveEvents } from '../api/live.js'
import { formatInstant } from './format.js'
import { LiveDeliveries } from './live-deliveries.js'
import { liveGraphData } from './live-graph-data.js'
import { LivePartitions } from './live-partitions.js'
import './live.css'

const NetworkGraph = lazy(() => import('./network-graph.js').then((m) => ({ default: m.NetworkGraph })))

/** One alert: a network that appeared or grew, with its size, when and its strongest signals. */
function AlertItem({ alert }: { readonly alert: LiveAlert }) {
  const n = alert.network
  return (
    <li>
      <strong>{alert.kind === 'new' ? 'New network' : 'Network grew'}</strong> of {n.members.length} accounts
      {alert.kind === 'growth' ? ` (+${alert.added.length})` : ''}, score {n.score.score.toFixed(2)}, {n.signals.join(', ')}
      <br />
      <small>
        <time dateTime={alert.createdAt}>{formatInstant(alert.createdAt)}</time> · alert {alert.id} · {n.members.slice(0, 6).join(', ')}
        {n.members.length > 6 ? ', …' : ''}
      </small>
    </li>
  )
}

/**
 * A feed, live: its newest alerts and the graph of their networks, both updated as alerts
 * arrive by Server-Sent Events (the alert list is the accessible alternative to the graph),
 * its partitions and its webhook deliveries.
 */
export function LiveFeedView({ feed }: { readonly feed: string }) {
  const alerts = useLiveAlerts(feed)
  const streaming = useLiveEvents(feed)
  const graph = useMemo(() => liveGraphData(alerts.data?.alerts ?? []), [alerts.data])
  return (
    <section aria-labelledby="live-feed-title">
      <h2 id="live-feed-title">Feed {feed}</h2>
      <p role="status" aria-live="polite">
        {streaming ? 'Receiving alerts as they are raised.' : 'Connecting to the alert stream…'}
      </p>
      <QueryState query={alerts} isEmpty={(d) => d.alerts.length === 0} empty="No alert yet: networks appear here as the feed finds them.">
        {(data) => (
          <div className="live-columns">
            <div>
              <h3>Newest networks</h3>
              <p>
                {graph.nodes.length} accounts in {new Set(graph.nodes.map((n) => n.network)).size} networks
                {graph.truncated ? ' (the oldest left out)' : ''}.
              </p>
              <Suspense fallback={<p role="status">Loading the graph…</p>}>
                <NetworkGraph data={graph} label="live-graph" />
              </Suspense>
            </div>
            <div>
              <h3 id="live-alerts-title">Alerts</h3>
              <ol className="live-alerts" aria-labelledby="live-alerts-title">
                {data.alerts.map((a) => (
                  <AlertItem key={a.id} alert={a} />
                ))}
              </ol>
            </div>
          </div>
        )}
      </QueryState>
      <LivePartitions feed={feed} />
      <LiveDeliveries feed={feed} />
    </section>
  )
}
