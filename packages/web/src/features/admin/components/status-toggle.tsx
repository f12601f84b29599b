type Status = 'active' | 'suspended'

/** Suspends an active account or reactivates a suspended one; the label names what it acts on. */
export function StatusToggle({
  status,
  name,
  onChange,
}: {
  readonly status: Status
  readonly name: string
  readonly onChange: (next: Status) => void
}) {
  const active = status === 'active'
  return (
    <button type="button" className="secondary" onClick={() => onChange(active ? 'suspended' : 'active')}>
      {active ? 'Suspend' : 'Reactivate'} {name}
    </button>
  )
}
