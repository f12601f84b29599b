import { PublishableTriageStatus, type RunNetworkDetail } from '@vigil/contracts'
import { Fragment, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { useNetwork } from '../api/detect.js'
import { networkColour } from './colours.js'
import { NetworkEvidence } from './network-evidence.js'
import { NetworkMembers } from './network-members.js'
import { PublicationHistory } from './publication-history.js'
import { TriageForm } from './triage-form.js'

const SCORE_PARTS = [
  ['timeTightness', 'Time tightness'],
  ['density', 'Density'],
  ['coordinatedShare', 'Coordinated share of posts'],
  ['signalAgreement', 'Signal agreement'],
] as const

/**
 * One network of a run: its score and parts, accounts, shared objects, proposed DISARM
 * techniques and triage. `publish` renders the publishing form for it (composed by the app).
 */
export function NetworkView({ publish }: { readonly publish: (runId: string, network: RunNetworkDetail) => ReactNode }) {
  const params = useParams()
  const runId = params.id ?? ''
  const networkId = params.networkId ?? ''
  const network = useNetwork(runId, networkId)
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
          <>
            <dl className="facts">
              <dt>Score</dt>
              <dd>{n.score.score.toFixed(2)}</dd>
              {SCORE_PARTS.map(([key, label]) => (
                <Fragment key={key}>
                  <dt>{label}</dt>
                  <dd>{n.score[key].toFixed(2)}</dd>
                </Fragment>
              ))}
              <dt>Signals</dt>
              <dd>{n.signals.join(', ')}</dd>
              {n.purity !== undefined && (
                <>
                  <dt>Label purity</dt>
                  <dd>{n.purity.toFixed(2)}</dd>
                </>
              )}
            </dl>
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
            <TriageForm runId={runId} networkId={networkId} history={n.triage} />
            <NetworkMembers members={n.members} />
            <NetworkEvidence evidence={n.evidence} />
            <PublicationHistory network={n} />
            {n.triage[0] && PublishableTriageStatus.safeParse(n.triage[0].status).success ? (
              publish(runId, n)
            ) : (
              <p className="empty">Publishing opens once the network is triaged as confirmed coordinated or taken down.</p>
            )}
          </>
        )}
      </QueryState>
    </>
  )
}
