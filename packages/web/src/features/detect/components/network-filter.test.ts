import type { RunNetworkSummary } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { matchesFilter } from './network-filter.js'

const network = (id: string, members: number, extra: Partial<RunNetworkSummary> = {}): RunNetworkSummary => ({
  id,
  score: 0.5,
  members,
  signals: ['co-link', 'co-reshare'],
  ...extra,
})

describe('matchesFilter', () => {
  const confirmed = network('n12', 40, {
    label: 'RU_IRA',
    triage: { status: 'confirmed', note: '', by: 'a@b.example', at: '2026-11-01T00:00:00.000Z' },
  })
  const fresh = network('n3', 2)

  it('finds a network by its id, its label or a signal', () => {
    expect(matchesFilter(confirmed, 'n12', 'all', 2)).toBe(true)
    expect(matchesFilter(confirmed, 'ira', 'all', 2)).toBe(true)
    expect(matchesFilter(fresh, 'RESHARE', 'all', 2)).toBe(true)
    expect(matchesFilter(fresh, 'n12', 'all', 2)).toBe(false)
  })

  it('keeps networks by triage and by size', () => {
    expect(matchesFilter(fresh, '', 'untriaged', 2)).toBe(true)
    expect(matchesFilter(confirmed, '', 'untriaged', 2)).toBe(false)
    expect(matchesFilter(confirmed, '', 'confirmed', 2)).toBe(true)
    expect(matchesFilter(confirmed, '', 'taken-down', 2)).toBe(false)
    expect(matchesFilter(fresh, '', 'all', 3)).toBe(false)
  })
})
