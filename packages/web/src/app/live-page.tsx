import { useState } from 'react'
import { QueryState } from '../components/query-state.js'
import { useLiveFeeds, useLiveStatus } from '../features/detect/api/live.js'
import { LiveFeedView } from '../features/detect/components/live-feed-view.js'
import { LiveFeedTable } from '../features/detect/components/live-feeds.js'
import { ApiError } from '../lib/api-client.js'

/** Says in one line that live detection needs NATS, when the server has none (LIVE_UNAVAILABLE). */
function NatsNotice({ feed }: { readonly feed: string }) {
  const status = useLiveStatus(feed)
  if (!(status.error instanceof ApiError) || status.error.code !== 'LIVE_UNAVAILABLE') return null
  return (
    <p role="alert" className="notice">
      {status.error.message}
    </p>
  )
}

/** Detect → Live: the organisation's feeds with throughput and lag, and the chosen feed's alerts and graph, pushed as they are raised. */
export function LivePage() {
  const feeds = useLiveFeeds()
  const [chosen, setChosen] = useState<string>()
  return (
    <>
      <h1>Live detection</h1>
      <p className="lead">
        Coordinated networks found while posts stream in: each feed runs detection continuously and raises an alert when a network appears
        or grows.
      </p>
      <QueryState
        query={feeds}
        isEmpty={(d) => d.feeds.length === 0}
        empty="No feed yet: create one with vigil live feed create NAME --as EMAIL, then start vigil live worker."
      >
        {(data) => {
          const feed = chosen ?? data.feeds[0]?.name
          return (
            <>
              {feed && <NatsNotice feed={feed} />}
              <LiveFeedTable feeds={data.feeds} selected={feed} onSelect={setChosen} />
              {feed && <LiveFeedView key={feed} feed={feed} />}
            </>
          )
        }}
      </QueryState>
    </>
  )
}
