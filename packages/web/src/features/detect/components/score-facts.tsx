import type { RunNetworkDetail } from '@vigil/contracts'

// What each measure means, in the words of `buildNetworks` (core/detect/build-networks.ts).
const MEASURES = [
  [
    'timeTightness',
    'Time tightness',
    'How close in time the accounts posted the same objects, against the run’s time window: 1 is the same second, 0 the edge of the window.',
  ],
  ['density', 'Density', 'The share of possible pairs of these accounts that are linked: 1 when every account co-posted with every other.'],
  [
    'coordinatedShare',
    'Coordinated share of posts',
    'The share of the accounts’ posts in the dump that another member posted too, within the window. Bots of an operation come near 1; people reacting to the same news stay low.',
  ],
  [
    'signalAgreement',
    'Signal agreement',
    'The share of the signals run that link these accounts. Links on several signals (same post, same link, same text) are less likely to be chance.',
  ],
  [
    'accountEvidence',
    'Account evidence',
    'The share of members the strongest account-level tell covers (created the same day, one handle template, one profile text).',
  ],
] as const

/** The network's score and each of its parts, with what the part measures, where it is shown. */
export function ScoreFacts({ network }: { readonly network: RunNetworkDetail }) {
  return (
    <section aria-labelledby="score-title">
      <h2 id="score-title">Why this network was flagged</h2>
      <table className="score-table">
        <caption className="visually-hidden">The score and its parts, each from 0 to 1</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Value</th>
            <th scope="col">What it measures</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Score</th>
            <td>{network.score.score.toFixed(2)}</td>
            <td>
              The parts below, weighted: time tightness and coordinated share 30% each, density and signal agreement 20% each (account
              evidence takes 15% when the dump describes accounts). Networks are numbered by score, highest first.
            </td>
          </tr>
          {MEASURES.map(([key, label, meaning]) => {
            const value = network.score[key]
            return value === undefined ? null : (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{value.toFixed(2)}</td>
                <td>{meaning}</td>
              </tr>
            )
          })}
          <tr>
            <th scope="row">Signals</th>
            <td>{network.signals.length}</td>
            <td>{network.signals.join(', ')}</td>
          </tr>
          {network.purity !== undefined && (
            <tr>
              <th scope="row">Label purity</th>
              <td>{network.purity.toFixed(2)}</td>
              <td>The share of members carrying the network’s most common label from the dump’s label column.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  )
}
