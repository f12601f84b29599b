import type { LiveFeed } from '@vigil/contracts'
import { ScrollTable } from '../../../components/scroll-table.js'
import { ApiError } from '../../../lib/api-client.js'
import { useLiveStatus } from '../api/live.js'

// A stream message carries up to 500 posts (docs/LIVE.md), so messages/s bounds posts/s.
const POSTS_PER_MESSAGE = 500

const sum = (ns: readonly number[]) => ns.reduce((n, x) => n + x, 0)

/** One feed's row: its throughput, lag, workers and the partitions' late keys and rejected messages, as `vigil live status` shows them. */
function FeedRow({ feed, selected, onSelect }: { readonly feed: LiveFeed; readonly selected: boolean; readonly onSelect: () => void }) {
  const status = useLiveStatus(feed.name)
  const s = status.data
  const lag = s?.consumers.reduce((n, c) => n + c.pending + c.ackPending, 0)
  const unavailable = status.error instanceof ApiError && status.error.code === 'LIVE_UNAVAILABLE'
  return (
    <tr aria-current={selected ? 'true' : undefined}>
      <th scope="row">
        <button type="button" className="live-feed-button" onClick={onSelect} aria-pressed={selected}>
          {feed.name}
        </button>
      </th>
      <td>{feed.params.window} s</td>
      <td>
        {s
          ? s.messagesPerSecond === null
            ? '—'
            : `${s.messagesPerSecond.toFixed(1)} msg/s (≤ ${Math.round(s.messagesPerSecond * POSTS_PER_MESSAGE)} posts/s)`
          : unavailable
            ? 'needs NATS'
            : status.isError
              ? 'unknown'
              : '…'}
      </td>
      <td>{s ? (s.consumers.length === 0 ? 'no worker' : `${lag} messages`) : '—'}</td>
      <td>{s ? `${s.stream.messages}` : '—'}</td>
      <td>{s?.workers.length ?? '—'}</td>
      <td>{s ? sum(s.partitionStates.map((p) => p.late)) : '—'}</td>
      <td>{s ? sum(s.partitionStates.map((p) => p.rejected)) : '—'}</td>
      <td>{s?.alerts ?? '—'}</td>
    </tr>
  )
}

/** The organisation's feeds with their throughput, lag, workers, late keys, rejected messages and alerts; choosing one opens it below. */
export function LiveFeedTable({
  feeds,
  selected,
  onSelect,
}: {
  readonly feeds: readonly LiveFeed[]
  readonly selected: string | undefined
  readonly onSelect: (feed: string) => void
}) {
  return (
    <section aria-labelledby="live-feeds-title">
      <h2 id="live-feeds-title">Feeds</h2>
      <ScrollTable>
        <thead>
          <tr>
            <th scope="col">Feed</th>
            <th scope="col">Window</th>
            <th scope="col">Throughput</th>
            <th scope="col">Lag</th>
            <th scope="col">Stream messages</th>
            <th scope="col">Workers</th>
            <th scope="col">Late keys</th>
            <th scope="col">Rejected messages</th>
            <th scope="col">Alerts</th>
          </tr>
        </thead>
        <tbody>
          {feeds.map((f) => (
            <FeedRow key={f.name} feed={f} selected={f.name === selected} onSelect={() => onSelect(f.name)} />
          ))}
        </tbody>
      </ScrollTable>
    </section>
  )
}
