import type { RunNetworkSummary } from '@vigil/contracts'
import { lazy, type ReactNode, Suspense, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { useRun, useRunGraph, useRunNetworks } from '../api/detect.js'
import { NetworkTable } from './network-table.js'
import { RunSummary } from './run-summary.js'
import './detect.css'

// sigma.js and the layout load only when a graph is shown, not with every page of the app.
const NetworkGraph = lazy(() => import('./network-graph.js').then((m) => ({ default: m.NetworkGraph })))

/**
 * A run: its progress while it runs; once done, its networks as a graph and as a sortable
 * table, where networks chosen together go to `publish` (the form, composed by the app).
 */
export function RunView({ publish }: { readonly publish: (runId: string, networks: readonly RunNetworkSummary[]) => ReactNode }) {
  const id = useParams().id ?? ''
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const choose = (networkId: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev)
      if (on) next.add(networkId)
      else next.delete(networkId)
      return next
    })
  const run = useRun(id)
  const completed = run.data?.status === 'completed'
  const networks = useRunNetworks(id, completed)
  const graph = useRunGraph(id, completed)
  const navigate = useNavigate()
  return (
    <>
      <h1>Detection run</h1>
      <QueryState query={run}>
        {(r) => (
          <>
            <RunSummary run={r} />
            {r.status === 'failed' && (
              <p>
                <Link to={`/detect/runs/${encodeURIComponent(id)}/rerun`}>Edit and re-run</Link>
              </p>
            )}
            {completed && (
              <section aria-labelledby="networks-title">
                <h2 id="networks-title">Networks</h2>
                <p>
                  <a href={`/api/v1/detect/runs/${id}/export`} download>
                    Download the results
                  </a>{' '}
                  (zip: networks.json, accounts.csv, edges per signal and the offline report.html, as <code>vigil detect</code> writes them)
                </p>
                <QueryState query={networks} isEmpty={(d) => d.networks.length === 0} empty="This run found no coordinated network.">
                  {(n) => (
                    <>
                      <QueryState query={graph} isEmpty={(g) => g.nodes.length === 0}>
                        {(g) => (
                          <Suspense fallback={<p role="status">Loading the graph…</p>}>
                            <NetworkGraph data={g} onOpenNetwork={(network) => navigate(`/detect/runs/${id}/networks/${network}`)} />
                          </Suspense>
                        )}
                      </QueryState>
                      <NetworkTable runId={id} networks={n.networks} selected={chosen} onSelect={choose} />
                      {chosen.size > 0 ? (
                        <section className="selection-bar" aria-label="Chosen networks">
                          <p>
                            <strong>
                              {chosen.size} {chosen.size === 1 ? 'network' : 'networks'} chosen
                            </strong>
                            : {[...chosen].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))).join(', ')}{' '}
                            <button type="button" className="secondary" onClick={() => setChosen(new Set())}>
                              Clear the choice
                            </button>
                          </p>
                          {publish(
                            id,
                            n.networks.filter((x) => chosen.has(x.id)),
                          )}
                        </section>
                      ) : (
                        <p className="muted">Choose confirmed networks in the table to publish them together.</p>
                      )}
                    </>
                  )}
                </QueryState>
              </section>
            )}
          </>
        )}
      </QueryState>
    </>
  )
}
