import type { DetectSignal, RunGraph } from '@vigil/contracts'
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react'
import Sigma from 'sigma'
import { attachEdgeLayer, TRANSPARENT } from './edge-layer.js'
import { NetworkLegend, SignalFilter } from './graph-legend.js'
import { buildRunGraph, type EdgeView, findAccounts, type NodeView, parallelOffsets, type RunGraphModel, signalsOf } from './graph-model.js'
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
 * Accounts and links drawn by sigma.js (WebGL), in the manner of Gephi: accounts coloured
 * by network (a legend lists them; choosing one shows it alone) and sized by posts; links
 * coloured and dashed by signal, side by side when several signals link a pair, and
 * filtered by signal; an account found by its id is marked and centred. Labels go through
 * sigma's label grid, so they do not overlap. The network table is the accessible
 * alternative; the zoom buttons work from the keyboard. Without `onOpenNetwork` (one
 * network's own graph), clicking an account does nothing.
 */
export function NetworkGraph({
  data,
  onOpenNetwork,
  label = 'graph',
}: {
  readonly data: RunGraph
  readonly onOpenNetwork?: (network: string) => void
  readonly label?: string
}) {
  const graph = useMemo(() => buildRunGraph(data), [data])
  const offsets = useMemo(() => parallelOffsets(graph, 3), [graph])
  const container = useRef<HTMLDivElement>(null)
  const sigma = useRef<Sigma<NodeView, EdgeView> | null>(null)
  const [hovered, setHovered] = useState<Hovered>(null)
  const [hiddenSignals, setHiddenSignals] = useState<ReadonlySet<DetectSignal>>(new Set())
  const [focused, setFocused] = useState<string | null>(null)
  const [found, setFound] = useState<string | null>(null)
  const [failure, setFailure] = useState<string>()
  const openNetwork = useRef(onOpenNetwork)
  useEffect(() => {
    openNetwork.current = onOpenNetwork
  }, [onOpenNetwork])
  // The edge layer reads the current filters through this, without being rebuilt.
  const shown = useRef<(edge: string, attrs: EdgeView) => boolean>(() => true)

  useEffect(() => {
    if (!container.current) return
    let renderer: Sigma<NodeView, EdgeView>
    try {
      renderer = new Sigma(graph, container.current, {
        enableEdgeEvents: true,
        allowInvalidContainer: true,
        labelRenderedSizeThreshold: 8,
        labelDensity: 0.6,
        labelGridCellSize: 120,
        defaultEdgeType: 'line',
        zIndex: true,
      })
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
      return
    }
    const detach = attachEdgeLayer(renderer, graph, offsets, (edge, attrs) => shown.current(edge, attrs))
    renderer.on('enterNode', ({ node }) => setHovered({ kind: 'node', id: node }))
    renderer.on('leaveNode', () => setHovered(null))
    renderer.on('enterEdge', ({ edge }) => setHovered({ kind: 'edge', id: edge }))
    renderer.on('leaveEdge', () => setHovered(null))
    renderer.on('clickNode', ({ node }) => openNetwork.current?.(graph.getNodeAttribute(node, 'network')))
    sigma.current = renderer
    return () => {
      detach()
      renderer.kill()
      sigma.current = null
    }
  }, [graph, offsets])

  useEffect(() => {
    const renderer = sigma.current
    if (!renderer) return
    const hoveredNetwork = hovered?.kind === 'node' && graph.hasNode(hovered.id) ? graph.getNodeAttribute(hovered.id, 'network') : null
    const network = hoveredNetwork ?? focused
    const inView = (edge: string, attrs: EdgeView) =>
      !hiddenSignals.has(attrs.signal) && (network === null || graph.getNodeAttribute(graph.source(edge), 'network') === network)
    shown.current = inView
    renderer.setSetting('nodeReducer', (node, attrs) => {
      if (node === found) return { ...attrs, highlighted: true, forceLabel: true, size: attrs.size * 1.6, zIndex: 2 }
      return network === null || attrs.network === network ? { ...attrs, zIndex: 1 } : { ...attrs, color: FADED, label: '', zIndex: 0 }
    })
    renderer.setSetting('edgeReducer', (edge, attrs) =>
      inView(edge, attrs) ? { ...attrs, color: TRANSPARENT } : { ...attrs, hidden: true },
    )
  }, [graph, hovered, hiddenSignals, focused, found])

  const signals = useMemo(() => {
    const present = new Set<DetectSignal>()
    graph.forEachEdge((_e, attrs) => present.add(attrs.signal))
    return [...present].sort()
  }, [graph])
  const networks = useMemo(() => {
    const sizes = new Map<string, number>()
    for (const n of data.nodes) sizes.set(n.network, (sizes.get(n.network) ?? 0) + 1)
    return [...sizes]
      .map(([id, accounts]) => ({ id, accounts }))
      .sort((a, b) => b.accounts - a.accounts || Number(a.id.slice(1)) - Number(b.id.slice(1)))
  }, [data])
  const camera = () => sigma.current?.getCamera()
  const centreOn = (node: string) => {
    const shown = sigma.current?.getNodeDisplayData(node)
    if (shown) void camera()?.animate({ x: shown.x, y: shown.y, ratio: 0.35 }, { duration: 400 })
  }

  return (
    <figure className="network-graph" aria-labelledby={`${label}-caption`}>
      <figcaption id={`${label}-caption`}>
        {data.nodes.length} accounts in {networks.length} {networks.length === 1 ? 'network' : 'networks'}, {graph.size} links
        {data.truncated && ' (the lightest links are left out)'}. The table lists the same {networks.length === 1 ? 'accounts' : 'networks'}
        .
      </figcaption>
      {failure ? (
        <p role="alert">This browser cannot draw the graph ({failure}); the table below lists the same networks.</p>
      ) : (
        <div
          ref={container}
          className="graph-canvas"
          role="img"
          aria-label={`Graph of ${data.nodes.length} accounts coloured by network and links coloured and dashed by signal`}
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
        <AccountSearch
          graph={graph}
          label={label}
          onFind={(node) => {
            setFound(node)
            if (node) centreOn(node)
          }}
        />
        <SignalFilter
          signals={signals}
          hidden={hiddenSignals}
          onToggle={(signal, on) =>
            setHiddenSignals((prev) => {
              const next = new Set(prev)
              if (on) next.delete(signal)
              else next.add(signal)
              return next
            })
          }
        />
        {networks.length > 1 && <NetworkLegend networks={networks} focused={focused} onFocus={setFocused} />}
        <div aria-live="polite" className="graph-hover" data-testid="graph-hover">
          <HoverDetails graph={graph} hovered={hovered} />
        </div>
      </div>
    </figure>
  )
}

/** Finds an account by part of its id and marks it in the graph. */
function AccountSearch({
  graph,
  label,
  onFind,
}: {
  readonly graph: RunGraphModel
  readonly label: string
  readonly onFind: (node: string | null) => void
}) {
  const [result, setResult] = useState('')
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const query = String(new FormData(event.currentTarget).get('account') ?? '')
    const [first, ...more] = findAccounts(graph, query)
    onFind(first ?? null)
    setResult(
      first
        ? `${first} in network ${graph.getNodeAttribute(first, 'network')}${more.length > 0 ? `; also ${more.join(', ')}` : ''}`
        : query.trim() === ''
          ? ''
          : `No account in this graph matches “${query.trim()}”.`,
    )
  }
  return (
    <form aria-label="Find an account in the graph" className="graph-search" onSubmit={submit}>
      <label htmlFor={`${label}-find`}>Find an account</label>
      <div className="row">
        <input id={`${label}-find`} name="account" autoComplete="off" />
        <button type="submit" className="secondary">
          Find
        </button>
      </div>
      <p role="status" className="muted">
        {result}
      </p>
    </form>
  )
}
