import type { DetectSignal } from '@vigil/contracts'
import type Sigma from 'sigma'
import { SIGNAL_DASHES } from './colours.js'
import type { EdgeView, NodeView, RunGraphModel } from './graph-model.js'

// sigma draws lines of one style only: its own edges stay for picking (hover), drawn
// transparent, and this 2D canvas under the accounts draws each link with its signal's dash,
// side by side when several signals link the same pair.
export const TRANSPARENT = 'rgba(0,0,0,0)'
const LAYER = 'styled-edges'

/**
 * Draws the visible links of `graph` after every sigma frame: colour and dash by signal,
 * width by weight, each link of a pair shifted by its offset (pixels across the line).
 * Returns a function that removes the layer.
 */
export function attachEdgeLayer(
  renderer: Sigma<NodeView, EdgeView>,
  graph: RunGraphModel,
  offsets: ReadonlyMap<string, number>,
  isShown: (edge: string, attrs: EdgeView) => boolean,
): () => void {
  const canvas = renderer.createCanvas(LAYER, { afterLayer: 'edges' })
  const context = canvas.getContext('2d')
  const draw = () => {
    if (!context) return
    const { width, height } = renderer.getDimensions()
    const ratio = window.devicePixelRatio || 1
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio)
      canvas.height = Math.round(height * ratio)
      canvas.style.width = `${width}px`
      canvas.style.height = `${height}px`
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0)
    context.clearRect(0, 0, width, height)
    context.lineCap = 'butt'
    graph.forEachEdge((edge, attrs, source, target) => {
      if (!isShown(edge, attrs)) return
      const s = renderer.getNodeDisplayData(source)
      const t = renderer.getNodeDisplayData(target)
      if (!s || !t || s.hidden || t.hidden) return
      const a = renderer.framedGraphToViewport(s)
      const b = renderer.framedGraphToViewport(t)
      const length = Math.hypot(b.x - a.x, b.y - a.y) || 1
      const shift = offsets.get(edge) ?? 0
      const nx = (-(b.y - a.y) / length) * shift
      const ny = ((b.x - a.x) / length) * shift
      context.beginPath()
      context.strokeStyle = attrs.color
      context.lineWidth = Math.max(1, attrs.size * 0.8)
      context.setLineDash(SIGNAL_DASHES[attrs.signal as DetectSignal] as number[])
      context.moveTo(a.x + nx, a.y + ny)
      context.lineTo(b.x + nx, b.y + ny)
      context.stroke()
    })
  }
  renderer.on('afterRender', draw)
  return () => {
    renderer.off('afterRender', draw)
    renderer.killLayer(LAYER)
  }
}
