import type { DetectSignal } from '@vigil/contracts'
import { networkColour, SIGNAL_COLOURS, SIGNAL_DASHES } from './colours.js'

/** A short sample of a signal's line: its colour and its dash, as the graph draws it. */
export function SignalLine({ signal }: { readonly signal: DetectSignal }) {
  return (
    <svg width="32" height="8" aria-hidden="true" className="signal-line">
      <line
        x1="0"
        y1="4"
        x2="32"
        y2="4"
        stroke={SIGNAL_COLOURS[signal]}
        strokeWidth="3"
        strokeDasharray={SIGNAL_DASHES[signal].join(' ')}
      />
    </svg>
  )
}

/** Check boxes that show or hide the links of each signal; each with its line's sample. */
export function SignalFilter({
  signals,
  hidden,
  onToggle,
}: {
  readonly signals: readonly DetectSignal[]
  readonly hidden: ReadonlySet<DetectSignal>
  readonly onToggle: (signal: DetectSignal, shown: boolean) => void
}) {
  return (
    <fieldset className="graph-legend">
      <legend>Links by signal</legend>
      <ul aria-label="Link colours by signal">
        {signals.map((s) => (
          <li key={s}>
            <label className="inline">
              <input type="checkbox" checked={!hidden.has(s)} onChange={(e) => onToggle(s, e.target.checked)} />
              <SignalLine signal={s} /> {s}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}

/**
 * The networks' colours, largest first; choosing one shows only that network in the graph
 * (choosing it again shows them all).
 */
export function NetworkLegend({
  networks,
  focused,
  onFocus,
}: {
  readonly networks: readonly { readonly id: string; readonly accounts: number }[]
  readonly focused: string | null
  readonly onFocus: (network: string | null) => void
}) {
  return (
    <div className="network-legend">
      <h3 id="network-legend-title">Networks ({networks.length})</h3>
      <ul aria-labelledby="network-legend-title">
        {networks.map((n) => (
          <li key={n.id}>
            <button
              type="button"
              className="legend-button"
              aria-pressed={focused === n.id}
              onClick={() => onFocus(focused === n.id ? null : n.id)}
            >
              <span className="dot" style={{ background: networkColour(n.id) }} aria-hidden="true" />
              {n.id} <span className="muted">({n.accounts})</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
