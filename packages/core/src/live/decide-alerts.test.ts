import type { DetectedNetwork } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { decideAlerts } from './decide-alerts.js'

const net = (id: string, members: string[]): DetectedNetwork => ({
  id,
  members,
  signals: ['co-link'],
  edges: [],
  score: { score: 0.5, timeTightness: 0.5, density: 0.5, coordinatedShare: 0.5, signalAgreement: 0.5 },
  evidence: [],
})
const rules = { newAccounts: 3, growthAccounts: 2 }

describe('decideAlerts', () => {
  it('raises new networks of at least the threshold, not smaller ones', () => {
    const current = [net('n1', ['c', 'a', 'b']), net('n2', ['x', 'y'])]
    expect(decideAlerts([], current, rules)).toEqual([{ kind: 'new', network: current[0], added: ['a', 'b', 'c'] }])
  })

  it('raises growth by at least the threshold against the best-matching previous network, whatever its id', () => {
    const previous = [
      ['a', 'b', 'c'],
      ['p', 'q', 'r', 's'],
    ]
    const current = [net('n1', ['p', 'q', 'r', 's', 't']), net('n2', ['a', 'b', 'c', 'd', 'e']), net('n3', ['a', 'b', 'c', 'z'])]
    expect(decideAlerts(previous, current, rules)).toEqual([{ kind: 'growth', network: current[1], added: ['d', 'e'] }])
  })

  it('raises a network that grew past the size threshold as new, and nothing for unchanged or shrunk ones', () => {
    const previous = [
      ['a', 'b'],
      ['p', 'q', 'r', 's'],
    ]
    const current = [net('n1', ['a', 'b', 'c']), net('n2', ['p', 'q', 'r'])]
    expect(decideAlerts(previous, current, rules)).toEqual([{ kind: 'new', network: current[0], added: ['c'] }])
    expect(decideAlerts([['p', 'q', 'r']], [net('n1', ['p', 'q', 'r'])], rules)).toEqual([])
  })

  it('matches a merged network to the previous one it shares most members with', () => {
    const previous = [
      ['a', 'b', 'c'],
      ['d', 'e', 'f', 'g'],
    ]
    const merged = net('n1', ['a', 'b', 'c', 'd', 'e', 'f', 'g'])
    expect(decideAlerts(previous, [merged], rules)).toEqual([{ kind: 'growth', network: merged, added: ['a', 'b', 'c'] }])
  })
})
