import { PublishableTriageStatus, type RunNetworkDetail } from '@vigil/contracts'
import { lazy, type ReactNode, Suspense, useMemo } from 'react'
import { Link, useParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { useNetwork } from '../api/detect.js'
import { CoPostingTimeline } from './co-posting-timeline.js'
import { networkColour } from './colours.js'
import './detect.css'
import { NetworkEvidence } from './network-evidence.js'
import { networkGraphData } from './network-graph-data.js'
import { NetworkMembers } from './network-members.js'
import { PublicationHistory } from './publication-history.js'
import { ScoreFacts } from './score-facts.js'
import { TriageForm } from './triage-form.js'

// sigma.js and the layout load only when a graph is shown, not with every page of the app.
const NetworkGraph = lazy(() => import('./network-graph.js').then((m) => ({ default: m.NetworkGraph })))

/**
 * One network of a run, laid out for triage: its own graph and co-posting timeline first,
 * then the score with what each part measures, proposed DISARM techniques, accounts and
 * shared objects (long lists folded). Triage, the publication history and publishing sit
 * in a panel beside them that stays in view. `publish` renders the publishing form for it
 * (composed by the app).
 */
export function NetworkView({ publish }: { readonly publish: (runId: string, network: RunNetworkDetail) => ReactNode }) {
  const params = useParams()
  const runId = params.id ?? ''
  const networkId = params.networkId ?? ''
  const network = useNetwork(runId, networkId)
  const graph = useMemo(() => (network.data ? networkGraphData(network.data) : undefined), [network.data])
  return (
    <>
      <p>
        <Link to={`/detect/runs/${runId}`}>← All networks of this run</Link>
      </p>
      <h1>
        <span className="dot" style={{ background: networkColour(networkId) }} aria-hidden="true" />
        Network {networkId}
      </h1>
      <QueryState query={network}>
        {(n) => (
          <div className="network-layout">
            <div className="network-main">
              <p className="lead">
                {n.members.length} accounts linked on {n.signals.join(', ')}; score {n.score.score.toFixed(2)}
                {n.triage[0] ? `, ${n.triage[0].status}` : ', not triaged yet'}.
              </p>
              {graph && (
                <Suspense fallback={<p role="status">Loading the graph…</p>}>
                  <NetworkGraph data={graph} label="network-graph" />
                </Suspense>
              )}
              <CoPostingTimeline evidence={n.evidence} />
              <ScoreFacts network={n} />
              <section aria-labelledby="techniques-title">
                <h2 id="techniques-title">Proposed DISARM techniques</h2>
                {n.techniques.length === 0 ? (
                  <p className="empty">Detection proposes no technique for this network.</p>
                ) : (
                  <ul>
                    {n.techniques.map((t) => (
                      <li key={t.disarmId}>
                        {t.disarmId} {t.name}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <NetworkMembers members={n.members} />
              <NetworkEvidence evidence={n.evidence} />
            </div>
            <div className="network-panel">
              <TriageForm runId={runId} networkId={networkId} history={n.triage} />
              {n.triage[0] && PublishableTriageStatus.safeParse(n.triage[0].status).success ? (
                publish(runId, n)
              ) : (
                <p className="empty">Publishing opens once the network is triaged as confirmed coordinated or taken down.</p>
              )}
              <PublicationHistory network={n} />
            </div>
          </div>
        )}
      </QueryState>
    </>
  )
}
