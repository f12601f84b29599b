import { describe, expect, it } from 'vitest'
import { accountPairKey, buildNetworks, type SignalEdge } from './build-networks.js'
import { labelMetrics, labelPurity } from './label-metrics.js'

const edge = (a: string, b: string, signal: SignalEdge['signal'] = 'co-link', weight = 2, meanDeltaSeconds = 0): SignalEdge => ({
  signal,
  a,
  b,
  weight,
  meanDeltaSeconds,
})
const activity = (entries: [string, number, number][]) =>
  new Map(entries.map(([a, posts, coordinatedPosts]) => [a, { posts, coordinatedPosts }]))
const options = { windowSeconds: 60, signalsRun: 2, maxComponentSize: 200, seed: 1 }

describe('buildNetworks', () => {
  it('fuses signals, splits components and scores each part', () => {
    const networks = buildNetworks(
      [
        edge('a', 'b', 'co-link', 2, 0),
        edge('a', 'b', 'co-hashtag', 3, 0),
        edge('b', 'c', 'co-link', 2, 30),
        edge('x', 'y', 'co-link', 2, 60),
      ],
      activity([
        ['a', 4, 4],
        ['b', 4, 4],
        ['c', 4, 0],
        ['x', 10, 2],
        ['y', 10, 2],
      ]),
      options,
    )
    expect(networks.map((n) => [n.id, n.members])).toEqual([
      ['n1', ['a', 'b', 'c']],
      ['n2', ['x', 'y']],
    ])
    const [first, second] = networks
    expect(first?.edges).toEqual([
      { a: 'a', b: 'b', weight: 5, signals: { 'co-link': 2, 'co-hashtag': 3 } },
      { a: 'b', b: 'c', weight: 2, signals: { 'co-link': 2 } },
    ])
    // Δt weighted by edge weight: (0·5 + 30·2) / 7 s of a 60 s window.
    expect(first?.score.timeTightness).toBeCloseTo(1 - 60 / 7 / 60, 4)
    expect(first?.score.density).toBeCloseTo(2 / 3, 4)
    expect(first?.score.coordinatedShare).toBeCloseTo(8 / 12, 4)
    expect(first?.score.signalAgreement).toBe(1)
    expect(second?.score).toMatchObject({ timeTightness: 0, density: 1, coordinatedShare: 0.2, signalAgreement: 0.5 })
    expect(second?.score.score).toBeCloseTo(0.2 * 1 + 0.3 * 0.2 + 0.2 * 0.5, 4)
  })

  it('weighs an edge by its fused weight when given one, keeping the per-signal weights', () => {
    // a–b: 1 on each of three signals (Δt 0, 0, 30 s) but 3 post pairs; b–c: 2 signals, one post pair matching both.
    const edges = [
      edge('a', 'b', 'co-link', 1, 0),
      edge('a', 'b', 'co-hashtag', 1, 0),
      edge('a', 'b', 'co-text', 1, 30),
      edge('b', 'c', 'co-link', 1, 60),
      edge('c', 'b', 'co-domain', 1, 60),
    ]
    const fusedWeights = new Map([
      [accountPairKey('b', 'a'), 3],
      [accountPairKey('b', 'c'), 1],
    ])
    const [network] = buildNetworks(edges, new Map(), { ...options, signalsRun: 4, fusedWeights })
    expect(network?.edges).toEqual([
      { a: 'a', b: 'b', weight: 3, signals: { 'co-link': 1, 'co-hashtag': 1, 'co-text': 1 } },
      { a: 'b', b: 'c', weight: 1, signals: { 'co-link': 1, 'co-domain': 1 } },
    ])
    // Mean Δt per edge stays its signals' mean (10 s, 60 s), now weighted 3 and 1: (30 + 60) / 4 s.
    expect(network?.score.timeTightness).toBeCloseTo(1 - 90 / 4 / 60, 4)
    expect(buildNetworks(edges, new Map(), { ...options, signalsRun: 4 })[0]?.edges.map((e) => e.weight)).toEqual([3, 2])
  })

  it('splits a component over the size limit with Louvain, the same way on every run', () => {
    const clique = (p: string) =>
      ['0', '1', '2', '3'].flatMap((i) => ['0', '1', '2', '3'].filter((j) => j > i).map((j) => edge(`${p}${i}`, `${p}${j}`, 'co-link', 5)))
    const edges = [...clique('a'), ...clique('b'), edge('a0', 'b0', 'co-link', 2)]
    const run = () => buildNetworks(edges, new Map(), { ...options, maxComponentSize: 5 }).map((n) => n.members)
    expect(run()).toEqual([
      ['a0', 'a1', 'a2', 'a3'],
      ['b0', 'b1', 'b2', 'b3'],
    ])
    expect(run()).toEqual(run())
    expect(buildNetworks(edges, new Map(), options)).toHaveLength(1)
  })
})

describe('labels', () => {
  it('computes precision, recall and purity', () => {
    expect(labelMetrics(new Set(['a', 'b', 'c', 'd']), new Set(['a', 'b', 'e']))).toEqual({
      labelled: 3,
      flagged: 4,
      truePositives: 2,
      precision: 0.5,
      recall: 2 / 3,
    })
    const labels = new Map([
      ['a', 'X'],
      ['b', 'X'],
      ['c', 'Y'],
    ])
    expect(labelPurity(['a', 'b', 'c', 'z'], labels)).toEqual({ counts: { X: 2, Y: 1 }, purity: 2 / 3 })
    expect(labelPurity(['z'], labels).purity).toBeUndefined()
  })
})
