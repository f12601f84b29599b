import { useState } from 'react'
import { Link } from 'react-router'
import { useConfirmLiveNetwork, useFeedAlerts, useLiveFeeds, useLiveNetworks } from '../features/disclose/api/live-networks.js'
import { formatDateTime } from '../lib/format-date.js'

/**
 * "Disclose from a live feed": a feed's alerts, each network confirmable as a snapshot (its
 * members, evidence and posts as they are now), and its confirmed networks, each a link to
 * "Prepare disclosure".
 */
export function DiscloseLivePage() {
  const feeds = useLiveFeeds()
  const [feed, setFeed] = useState('')
  const alerts = useFeedAlerts(feed)
  const confirmed = useLiveNetworks(feed)
  const confirm = useConfirmLiveNetwork(feed)
  return (
    <>
      <h1>Disclose from a live feed</h1>
      <label htmlFor="l-feed">Feed</label>
      <select id="l-feed" value={feed} onChange={(e) => setFeed(e.target.value)}>
        <option value="">Choose a feed</option>
        {feeds.data?.feeds.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name}
          </option>
        ))}
      </select>
      {feeds.isError && <p role="alert">{feeds.error.message}</p>}
      {feed !== '' && (
        <>
          <h2>Confirmed networks</h2>
          {confirmed.data?.networks.length === 0 && <p className="empty">None confirmed yet.</p>}
          <ul aria-label="Confirmed networks">
            {confirmed.data?.networks.map((n) => (
              <li key={n.id}>
                {n.id}: {n.network.members.length} accounts, {n.posts} posts, confirmed by {n.confirmedBy}{' '}
                <Link to={`/disclose/new?feed=${encodeURIComponent(feed)}&network=${n.id}`}>Prepare disclosure</Link>
              </li>
            ))}
          </ul>
          <h2>Alerts</h2>
          {alerts.data?.alerts.length === 0 && <p className="empty">No alerts.</p>}
          <ul aria-label="Alerts">
            {alerts.data?.alerts.map((a) => (
              <li key={a.id}>
                {a.kind === 'new' ? 'New' : 'Growing'} network of {a.network.members.length} accounts, {formatDateTime(a.createdAt)}{' '}
                <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate({ alert: a.id })}>
                  Confirm network {a.id}
                </button>
              </li>
            ))}
          </ul>
          {confirm.isError && <p role="alert">{confirm.error.message}</p>}
        </>
      )}
    </>
  )
}
