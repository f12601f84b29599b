import type { RunNetworkSummary } from '@vigil/contracts'

export type TriageFilter = 'all' | 'untriaged' | 'confirmed' | 'false-positive' | 'taken-down'
export const TRIAGE_FILTERS: readonly { value: TriageFilter; label: string }[] = [
  { value: 'all', label: 'any' },
  { value: 'untriaged', label: 'not triaged' },
  { value: 'confirmed', label: 'confirmed' },
  { value: 'taken-down', label: 'taken down' },
  { value: 'false-positive', label: 'false positive' },
]

/** Whether a network passes the table's filters: text in its id, label or signals; its triage; its size. */
export function matchesFilter(n: RunNetworkSummary, text: string, triage: TriageFilter, minAccounts: number): boolean {
  const q = text.trim().toLowerCase()
  const inText = q === '' || [n.id, n.label ?? '', ...n.signals].some((s) => s.toLowerCase().includes(q))
  const inTriage = triage === 'all' || (triage === 'untriaged' ? !n.triage : n.triage?.status === triage)
  return inText && inTriage && n.members >= minAccounts
}
