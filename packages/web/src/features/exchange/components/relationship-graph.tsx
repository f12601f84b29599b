import { Link } from 'react-router'

/** One relationship of the object in the centre, to or from another object. */
export interface GraphLink {
  readonly id: string
  readonly type: string
  readonly otherId: string
  readonly otherName: string
  /** Whether the relationship points from the centre to the other object. */
  readonly outgoing: boolean
}

const SIZE = { width: 640, height: 380 }
const RADIUS = 130
const NODE_R = 22
const CENTRE_R = 26
/** More neighbours than this would overlap; the text list beside the graph has them all. */
export const MAX_GRAPH_NEIGHBOURS = 16

// Cut at a word; the text list beside the graph gives every name in full.
const shorten = (s: string, n: number) => (s.length > n ? s.slice(0, s.lastIndexOf(' ', n) > 0 ? s.lastIndexOf(' ', n) : n) : s)

/**
 * The object's relationships as a small radial graph: the object in the centre, each
 * related object around it as a link to its page, arrows showing direction. The text list
 * next to it is the accessible alternative; each node's link reads "relationship name".
 */
export function RelationshipGraph({ centre, links }: { readonly centre: string; readonly links: readonly GraphLink[] }) {
  const shown = links.slice(0, MAX_GRAPH_NEIGHBOURS)
  const cx = SIZE.width / 2
  const cy = SIZE.height / 2
  const at = (i: number) => {
    const angle = (2 * Math.PI * i) / Math.max(shown.length, 1) - Math.PI / 2
    return { x: cx + RADIUS * 1.6 * Math.cos(angle), y: cy + RADIUS * Math.sin(angle) }
  }
  // From the centre's rim to the node's, so the arrowheads show; labels sit on the outer side.
  const edge = (p: { x: number; y: number }) => {
    const d = Math.hypot(p.x - cx, p.y - cy) || 1
    const [ux, uy] = [(p.x - cx) / d, (p.y - cy) / d]
    return { x1: cx + ux * CENTRE_R, y1: cy + uy * CENTRE_R, x2: p.x - ux * (NODE_R + 2), y2: p.y - uy * (NODE_R + 2) }
  }
  const labelY = (p: { y: number }) => (p.y <= cy ? { type: p.y - 46, name: p.y - 30 } : { type: p.y + 38, name: p.y + 54 })
  return (
    <figure className="graph" aria-label={`Relationships of ${centre}`}>
      <svg viewBox={`0 0 ${SIZE.width} ${SIZE.height}`}>
        <title>{`Graph of the relationships of ${centre}`}</title>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="#4a5360" />
          </marker>
        </defs>
        <g>
          {shown.map((l, i) => {
            const p = at(i)
            return (
              <g key={l.id}>
                <line
                  {...edge(p)}
                  stroke="#4a5360"
                  strokeWidth="1.5"
                  {...(l.outgoing ? { markerEnd: 'url(#arrow)' } : { markerStart: 'url(#arrow)' })}
                />
              </g>
            )
          })}
          <circle cx={cx} cy={cy} r={CENTRE_R} className="graph-centre" />
          <text x={cx} y={cy + 44} textAnchor="middle" className="graph-label graph-centre-label">
            {shorten(centre, 28)}
          </text>
        </g>
        {shown.map((l, i) => {
          const p = at(i)
          return (
            <Link key={l.id} to={`/exchange/objects/${encodeURIComponent(l.otherId)}`}>
              <circle cx={p.x} cy={p.y} r={NODE_R} className="graph-node" />
              <text x={p.x} y={labelY(p).type} textAnchor="middle" className="graph-edge">
                {l.type}{' '}
              </text>
              <text x={p.x} y={labelY(p).name} textAnchor="middle" className="graph-label">
                {shorten(l.otherName, 24)}
              </text>
            </Link>
          )
        })}
      </svg>
      {links.length > shown.length && (
        <figcaption>
          The graph shows {shown.length} of {links.length} relationships; the list has all of them.
        </figcaption>
      )}
    </figure>
  )
}
