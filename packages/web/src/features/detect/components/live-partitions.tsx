import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useLiveStatus } from '../api/live.js'

/** A feed's live workers and, per partition, its lag, the worker holding it and its last commit, as `vigil live status` shows them. */
export function LivePartitions({ feed }: { readonly feed: string }) {
  const status = useLiveStatus(feed)
  return (
    <section aria-labelledby="live-partitions-title">
      <h3 id="live-partitions-title">Partitions</h3>
      <QueryState query={status}>
        {(s) => (
          <>
            <p>Workers: {s.workers.length === 0 ? 'none alive' : s.workers.join(', ')}.</p>
            <p>Aggregator: {s.aggregator ?? 'none (no networks are recomputed, no alert is raised)'}.</p>
            <ScrollTable>
              <thead>
                <tr>
                  <th scope="col">Partition</th>
                  <th scope="col">Lag</th>
                  <th scope="col">Held by</th>
                  <th scope="col">Committed to</th>
                  <th scope="col">Late keys</th>
                  <th scope="col">Rejected messages</th>
                </tr>
              </thead>
              <tbody>
                {s.partitionStates.map((p) => (
                  <tr key={p.partition}>
                    <th scope="row">{p.partition}</th>
                    <td>{p.lag === null ? 'no worker' : `${p.lag} messages`}</td>
                    <td>{p.owner ?? '—'}</td>
                    <td>{p.committedBy === null ? '—' : `${p.seq} by ${p.committedBy}`}</td>
                    <td>{p.late}</td>
                    <td>{p.rejected}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </>
        )}
      </QueryState>
    </section>
  )
}
