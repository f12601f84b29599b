import { describe, expect, it } from 'vitest'
import { AccountGraph, replaceNetworks } from './touched-networks.js'

const net = (id: string, members: string[], score: number) => ({ id, members, score: { score } })

describe('touched components', () => {
  it('finds the whole component of each seed, and none for an account without edges', () => {
    const graph = new AccountGraph()
    graph.add('a', 'b')
    graph.add('b', 'c')
    graph.add('x', 'y')
    expect([...graph.componentsOf(['c'])].sort()).toEqual(['a', 'b', 'c'])
    expect(graph.componentsOf(['lonely']).size).toBe(0)
    expect(graph.members().sort()).toEqual(['a', 'b', 'c', 'x', 'y'])
    // An edge between two components merges them.
    graph.add('c', 'x')
    expect([...graph.componentsOf(['a'])].sort()).toEqual(['a', 'b', 'c', 'x', 'y'])
  })

  it('keeps untouched networks, replaces touched ones, and ranks them all as batch does', () => {
    const previous = [net('n1', ['a', 'b'], 0.9), net('n2', ['x', 'y'], 0.5), net('n3', ['p', 'q'], 0.4)]
    const merged = net('n1', ['a', 'b', 'x', 'y'], 0.95)
    const now = replaceNetworks(previous, [merged], new Set(['a', 'b', 'x', 'y']))
    expect(now).toEqual([
      { ...merged, id: 'n1' },
      { ...net('n3', ['p', 'q'], 0.4), id: 'n2' },
    ])
    // A touched network that scores lower now moves below an untouched one.
    expect(replaceNetworks(previous, [net('n1', ['a', 'b'], 0.1)], new Set(['a', 'b'])).map((n) => n.members)).toEqual([
      ['x', 'y'],
      ['p', 'q'],
      ['a', 'b'],
    ])
  })
})
