import { RunGraph } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { networkColour, SIGNAL_COLOURS } from './colours.js'
import { buildRunGraph, nodeSize, signalsOf } from './graph-model.js'

// Two planted networks: a triangle on co-link (and one pair also on co-text), and a pair.
const data = RunGraph.parse({
  nodes: [
    { id: 'a', network: 'n1', posts: 40 },
    { id: 'b', network: 'n1', posts: 4 },
    { id: 'c', network: 'n1', posts: 1 },
    { id: 'd', network: 'n2', posts: 9 },
    { id: 'e', network: 'n2', posts: 9 },
  ],
  edges: [
    { a: 'a', b: 'b', signal: 'co-link', weight: 5 },
    { a: 'a', b: 'b', signal: 'co-text', weight: 2 },
    { a: 'b', b: 'c', signal: 'co-link', weight: 3 },
    { a: 'a', b: 'c', signal: 'co-link', weight: 2 },
    { a: 'd', b: 'e', signal: 'co-reshare', weight: 7 },
    { a: 'd', b: 'ghost', signal: 'co-reshare', weight: 7 },
  ],
  truncated: true,
})

describe('buildRunGraph', () => {
  const graph = buildRunGraph(data)

  it('colours accounts by network and sizes them by posts', () => {
    expect(graph.getNodeAttribute('a', 'color')).toBe(networkColour('n1'))
    expect(graph.getNodeAttribute('c', 'color')).toBe(networkColour('n1'))
    expect(graph.getNodeAttribute('d', 'color')).toBe(networkColour('n2'))
    expect(networkColour('n1')).not.toBe(networkColour('n2'))
    expect(graph.getNodeAttribute('a', 'size')).toBeGreaterThan(graph.getNodeAttribute('b', 'size'))
    expect(nodeSize(0)).toBeGreaterThan(0)
    expect(nodeSize(1_000_000)).toBe(nodeSize(10_000))
  })

  it('keeps one edge per signal, coloured by signal, and drops edges to accounts it does not hold', () => {
    expect(graph.order).toBe(5)
    expect(graph.size).toBe(5)
    expect(
      graph
        .edges('a', 'b')
        .map((e) => graph.getEdgeAttribute(e, 'color'))
        .sort(),
    ).toEqual([SIGNAL_COLOURS['co-link'], SIGNAL_COLOURS['co-text']].sort())
  })

  it('lays out the same run the same way, at finite positions', () => {
    const again = buildRunGraph(data)
    graph.forEachNode((node, attrs) => {
      expect(Number.isFinite(attrs.x) && Number.isFinite(attrs.y)).toBe(true)
      expect(again.getNodeAttributes(node)).toEqual(attrs)
    })
  })

  it('sums an account’s edges per signal, heaviest first', () => {
    expect(signalsOf(graph, 'a')).toEqual([
      { signal: 'co-link', partners: 2, weight: 7 },
      { signal: 'co-text', partners: 1, weight: 2 },
    ])
  })

  it('gives every network id a colour, cycling through the palette', () => {
    expect(networkColour('n11')).toBe(networkColour('n1'))
    expect(networkColour('bogus')).toBe(networkColour('n1'))
  })
})
