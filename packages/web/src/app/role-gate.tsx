import type { ReactNode } from 'react'
import { useSession } from '../features/auth/api/session.js'
import { mayOpen, NAV_ENTRIES } from './nav-entries.js'

/**
 * Shows the section at `to` only to users whose roles open it (the entry in `NAV_ENTRIES`);
 * anyone else reads a plain "not available to your role" page instead of failing requests.
 */
export function RoleGate({ to, children }: { readonly to: string; readonly children: ReactNode }) {
  const session = useSession().data
  const entry = NAV_ENTRIES.find((e) => e.to === to)
  if (!session || !entry || mayOpen(entry, session.permissions)) return <>{children}</>
  return (
    <>
      <h1>{entry.label}</h1>
      <p className="empty">
        {entry.label} is not available to your role ({session.roles.join(', ') || 'no role'}). An administrator of {session.org.name} can
        grant it.
      </p>
    </>
  )
}
