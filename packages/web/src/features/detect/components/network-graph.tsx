import type { DetectSignal, RunGraph } from '@vigil/contracts'
import { useEffect, useMemo, useRef, useState } from 'react'
import Sigma from 'sigma'
import { SIGNAL_COLOURS } from './colours.js'
import { buildRunGraph, type EdgeView, type NodeView, type RunGraphModel, signalsOf } from './graph-model.js'
import './network-graph.css'

type Hovered = { readonly kind: 'node'; readonly id: string } | { readonly kind: 'edge'; readonly id: string } | null

// Everything not in the hovered account's network fades, so its network stands out.
const FADED = '#d0d7de'

/** What hovering an account or a link explains, beside the graph. */
function HoverDetails({ graph, hovered }: { readonly graph: RunGraphModel; readonly hovered: Hovered }) {
  if (hovered === null || (hovered.kind === 'node' ? !graph.hasNode(hovered.id) : !graph.hasEdge(hovered.id)))
    return <p className="empty">Point at an account or a link to see why it is here; click an account to open its network.</p>
  if (hovered.kind === 'edge') {
    const e = graph.getEdgeAttributes(hovered.id)
    const [a, b] = graph.extremities(hovered.id)
    return (
      <p>
        <strong>{a}</strong> and <strong>{b}</strong>: {e.signal}, weight {e.weight}
      </p>
    )
  }
  const n = graph.getNodeAttributes(hovered.id)
  return (
    <>
      <p>
        <strong>{hovered.id}</strong> in network {n.network}, {n.posts} posts
      </p>
      <ul>
        {signalsOf(graph, hovered.id).map((s) => (
          <li key={s.signal}>
            {s.signal}: {s.partners} {s.partners === 1 ? 'partner' : 'partners'}, weight {s.weight}
          </li>
        ))}
      </ul>
    </>
  )
}

/**
 * The run's accounts and links drawn by sigma.js (WebGL): accounts coloured by network,
 * sized by posts, links coloured by signal. The network table beside it is the accessible
 * alternative; the zoom buttons work from the keyboard.
 */
export function NetworkGraph({ data, onOpenNetwork }: { readonly data: RunGraph; readonly onOpenNetwork: (network: string) => void }) {
  const graph = useMemo(() => buildRunGraph(data), [data])
  const container = useRef<HTMLDivElement>(null)
  const sigma = useRef<Sigma<NodeView, EdgeView> | null>(null)
  const [hovered, setHovered] = useState<Hovered>(null)
  const [failure, setFailure] = useState<string>()
  const openNetwork = useRef(onOpenNetwork)
  useEffect(() => {
    openNetwork.current = onOpenNetwork
  }, [onOpenNetwork])

  useEffect(() => {
    if (!container.current) return
    let renderer: Sigma<NodeView, EdgeView>
    try {
      renderer = new Sigma(graph, container.current, {
        enableEdgeEvents: true,
        allowInvalidContainer: true,
        labelRenderedSizeThreshold: 10,
        defaultEdgeType: 'line',
      })
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
      return
    }
    renderer.on('enterNode', ({ node }) => setHovered({ kind: 'node', id: node }))
    renderer.on('leaveNode', () => setHovered(null))
    renderer.on('enterEdge', ({ edge }) => setHovered({ kind: 'edge', id: edge }))
    renderer.on('leaveEdge', () => setHovered(null))
    renderer.on('clickNode', ({ node }) => openNetwork.current(graph.getNodeAttribute(node, 'network')))
    sigma.current = renderer
    return () => {
      renderer.kill()
      sigma.current = null
    }
  }, [graph])

  useEffect(() => {
    const renderer = sigma.current
    if (!renderer) return
    const network = hovered?.kind === 'node' && graph.hasNode(hovered.id) ? graph.getNodeAttribute(hovered.id, 'network') : null
    renderer.setSetting('nodeReducer', (_node, attrs) =>
      network === null || attrs.network === network ? { ...attrs, zIndex: 1 } : { ...attrs, color: FADED, label: '', zIndex: 0 },
    )
    renderer.setSetting('edgeReducer', (edge, attrs) =>
      network === null || graph.getNodeAttribute(graph.source(edge), 'network') === network ? attrs : { ...attrs, hidden: true },
    )
  }, [graph, hovered])

  const signals = useMemo(() => {
    const present = new Set<DetectSignal>()
    graph.forEachEdge((_e, attrs) => present.add(attrs.signal))
    return [...present].sort()
  }, [graph])
  const networks = new Set(data.nodes.map((n) => n.network)).size
  const camera = () => sigma.current?.getCamera()

  return (
    <figure className="network-graph" aria-labelledby="graph-caption">
      <figcaption id="graph-caption">
        {data.nodes.length} accounts in {networks} {networks === 1 ? 'network' : 'networks'}, {graph.size} links
        {data.truncated && ' (the lightest links are left out)'}. The table lists the same networks.
      </figcaption>
      {failure ? (
        <p role="alert">This browser cannot draw the graph ({failure}); the table below lists the same networks.</p>
      ) : (
        <div
          ref={container}
          className="graph-canvas"
          role="img"
          aria-label={`Graph of ${data.nodes.length} accounts coloured by network and links coloured by signal`}
          data-testid="network-graph"
        />
      )}
      <div className="graph-side">
        <div className="graph-controls">
          <button type="button" className="secondary" onClick={() => void camera()?.animatedZoom()}>
            Zoom in
          </button>
          <button type="button" className="secondary" onClick={() => void camera()?.animatedUnzoom()}>
            Zoom out
          </button>
          <button type="button" className="secondary" onClick={() => void camera()?.animatedReset()}>
            Reset view
          </button>
        </div>
        <ul className="graph-legend" aria-label="Link colours by signal">
          {signals.map((s) => (
            <li key={s}>
              <span className="swatch" style={{ background: SIGNAL_COLOURS[s] }} aria-hidden="true" />
              {s}
            </li>
          ))}
        </ul>
        <div aria-live="polite" className="graph-hover" data-testid="graph-hover">
          <HoverDetails graph={graph} hovered={hovered} />
        </div>
      </div>
    </figure>
  )
}
