import { RunGraph } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { contrastWithWhite, networkColour, SIGNAL_COLOURS } from './colours.js'
import { buildRunGraph, findAccounts, nodeSize, parallelOffsets, signalsOf } from './graph-model.js'
import { networkGraphData } from './network-graph-data.js'

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

  it('gives each of 200 networks its own colour, each visible on white', () => {
    const colours = Array.from({ length: 200 }, (_, i) => networkColour(`n${i + 1}`))
    expect(new Set(colours).size).toBe(200)
    expect(networkColour('n11')).not.toBe(networkColour('n1'))
    const channels = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number]
    for (const c of colours) expect(contrastWithWhite(channels(c))).toBeGreaterThanOrEqual(3)
    expect(networkColour('bogus')).toBe(networkColour('n1'))
  })

  it('draws both links of a pair two signals link, side by side, and a single link on the line', () => {
    const offsets = parallelOffsets(graph, 4)
    expect([offsets.get('co-link:a:b'), offsets.get('co-text:a:b')].sort()).toEqual([-2, 2])
    expect(offsets.get('co-link:b:c')).toBe(0)
  })

  it('finds accounts by part of their id, the exact one first', () => {
    expect(findAccounts(graph, 'A')).toEqual(['a'])
    expect(findAccounts(graph, ' ')).toEqual([])
    expect(
      findAccounts(
        buildRunGraph(
          RunGraph.parse({ nodes: ['op-10', 'op-1', 'op-2'].map((id) => ({ id, network: 'n1', posts: 1 })), edges: [], truncated: false }),
        ),
        'op-1',
      ),
    ).toEqual(['op-1', 'op-10'])
  })
})

describe('networkGraphData', () => {
  it("gives one network's members and a link per signal of each pair", () => {
    const g = networkGraphData({
      id: 'n3',
      members: [
        { account: 'x', posts: 3, coordinatedPosts: 2, allowlisted: false },
        { account: 'y', posts: 5, coordinatedPosts: 2, allowlisted: true },
      ],
      edges: [{ a: 'x', b: 'y', weight: 5, signals: { 'co-link': 3, 'co-text': 2 } }],
    })
    expect(g.nodes).toEqual([
      { id: 'x', network: 'n3', posts: 3 },
      { id: 'y', network: 'n3', posts: 5 },
    ])
    expect(g.edges).toEqual([
      { a: 'x', b: 'y', signal: 'co-link', weight: 3 },
      { a: 'x', b: 'y', signal: 'co-text', weight: 2 },
    ])
    expect(buildRunGraph(g).size).toBe(2)
  })
})
