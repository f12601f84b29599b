import type { LiveAlert } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { liveGraphData } from './live-graph-data.js'

const alert = (id: number, members: string[]): LiveAlert => ({
  id,
  feed: 'polls',
  kind: 'new',
  added: members,
  createdAt: '2026-12-05T20:00:00.000Z',
  network: {
    id: 'n1',
    members,
    signals: ['co-hashtag'],
    edges: members.slice(1).map((m) => ({ a: members[0] ?? '', b: m, weight: 2, signals: { 'co-hashtag': 2 } })),
    score: { score: 0.8, timeTightness: 0.9, density: 0.7, coordinatedShare: 0.6, signalAgreement: 0.5 },
    evidence: [],
  },
})

describe('liveGraphData', () => {
  it('draws a grown network once, at its newest size, beside the other networks', () => {
    const g = liveGraphData([alert(3, ['a', 'b', 'c', 'd']), alert(2, ['x', 'y', 'z']), alert(1, ['a', 'b', 'c'])])
    expect(g.nodes.map((n) => `${n.network}:${n.id}`)).toEqual(['n3:a', 'n3:b', 'n3:c', 'n3:d', 'n2:x', 'n2:y', 'n2:z'])
    expect(g.edges).toHaveLength(5)
    expect(g.truncated).toBe(false)
  })
  it('stops at the node cap and says so', () => {
    const g = liveGraphData([alert(2, ['a', 'b', 'c']), alert(1, ['x', 'y', 'z'])], 4)
    expect(g.nodes).toHaveLength(3)
    expect(g.truncated).toBe(true)
  })
})
