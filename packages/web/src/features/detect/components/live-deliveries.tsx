import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useLiveDeliveries } from '../api/live.js'
import { formatInstant } from './format.js'

/** A feed's latest attempts to deliver its alerts to its webhooks: when, where, which alert, which attempt, what came back. */
export function LiveDeliveries({ feed }: { readonly feed: string }) {
  const deliveries = useLiveDeliveries(feed)
  return (
    <section aria-labelledby="live-deliveries-title">
      <h3 id="live-deliveries-title">Webhook deliveries</h3>
      <QueryState
        query={deliveries}
        isEmpty={(d) => d.attempts.length === 0}
        empty="No delivery yet: each alert is sent to the feed's webhooks as it is raised."
      >
        {(data) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Alert</th>
                <th scope="col">Attempt</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {data.attempts.map((a) => (
                <tr key={`${a.delivery}-${a.attempt}`}>
                  <td>
                    <time dateTime={a.at}>{formatInstant(a.at)}</time>
                  </td>
                  <td>{a.url}</td>
                  <td>{a.alert}</td>
                  <td>{a.attempt}</td>
                  <td>
                    {a.ok
                      ? `delivered (HTTP ${a.status})`
                      : `failed: ${a.reason ?? (a.status === null ? 'no answer' : `HTTP ${a.status}`)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
    </section>
  )
}
