import type { EvidenceObject } from '@vigil/contracts'
import { formatDateTime, formatTimeOfDay } from '../../../lib/format-date.js'
import { SIGNAL_COLOURS, SIGNAL_DASHES } from './colours.js'
import { formatInstant } from './format.js'

// The busiest objects, as many as a screen shows without scrolling; the table lists them all.
const MAX_ROWS = 30
const ROW = 16
const LEFT = 190
const WIDTH = 900
const TOP = 8
const AXIS = 34

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/**
 * When the network's accounts posted each shared object: one row per object, from its first
 * to its last post, coloured and dashed by signal, in time order. Rows that line up under
 * each other are bursts; the evidence table below holds the same facts as text.
 */
export function CoPostingTimeline({ evidence }: { readonly evidence: readonly EvidenceObject[] }) {
  if (evidence.length === 0) return null
  const rows = [...evidence]
    .sort((a, b) => b.posts - a.posts)
    .slice(0, MAX_ROWS)
    .sort((a, b) => a.firstAt.localeCompare(b.firstAt))
  const start = Math.min(...rows.map((e) => Date.parse(e.firstAt)))
  const end = Math.max(...rows.map((e) => Date.parse(e.lastAt)))
  const span = Math.max(1000, end - start)
  const x = (iso: string) => LEFT + ((Date.parse(iso) - start) / span) * (WIDTH - LEFT - 12)
  const height = TOP + rows.length * ROW + AXIS
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => new Date(start + f * span).toISOString())
  return (
    <figure className="timeline" aria-labelledby="timeline-caption">
      <figcaption id="timeline-caption">
        Co-posting timeline: {rows.length === evidence.length ? `all ${rows.length}` : `the ${rows.length} busiest of ${evidence.length}`}{' '}
        shared objects, from {formatInstant(new Date(start).toISOString())} to {formatInstant(new Date(end).toISOString())}.
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Timeline of ${rows.length} shared objects; the table of shared objects lists the same times`}
      >
        {rows.map((e, i) => {
          const y = TOP + i * ROW + ROW / 2
          const x1 = x(e.firstAt)
          const x2 = Math.max(x1 + 3, x(e.lastAt))
          return (
            <g key={`${e.signal}\n${e.object}`}>
              <title>
                {`${e.object} (${e.signal}): ${e.posts} posts by ${e.accounts.length} accounts, ${formatInstant(e.firstAt)} to ${formatInstant(e.lastAt)}`}
              </title>
              <text x={LEFT - 8} y={y + 4} textAnchor="end" className="timeline-label">
                {shorten(e.object, 28)}
              </text>
              <line x1={LEFT} x2={WIDTH - 12} y1={y} y2={y} className="timeline-lane" />
              <line
                x1={x1}
                x2={x2}
                y1={y}
                y2={y}
                stroke={SIGNAL_COLOURS[e.signal]}
                strokeWidth={Math.min(10, 3 + Math.log2(e.posts))}
                strokeDasharray={SIGNAL_DASHES[e.signal].join(' ')}
              />
            </g>
          )
        })}
        {ticks.map((t, i) => {
          const tx = LEFT + (i / 4) * (WIDTH - LEFT - 12)
          return (
            <g key={t}>
              <line x1={tx} x2={tx} y1={TOP} y2={height - AXIS + 4} className="timeline-tick" />
              <text x={tx} y={height - 12} textAnchor={i === 0 ? 'start' : i === 4 ? 'end' : 'middle'} className="timeline-label">
                {span > 86_400_000 ? formatDateTime(t) : formatTimeOfDay(t)}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
