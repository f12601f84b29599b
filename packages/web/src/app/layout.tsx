import { Link, Outlet, useLocation } from 'react-router'
import { useSession } from '../features/auth/api/session.js'
import { currentEntry, mayOpen, NAV_ENTRIES } from './nav-entries.js'
import { UserMenu } from './user-menu.js'

/** The frame of every page: skip link, the sections the user's roles open, and the page itself. */
export function Layout() {
  const permissions = useSession().data?.permissions ?? []
  const sections = NAV_ENTRIES.filter((s) => mayOpen(s, permissions))
  // One section is current, even where one's path holds another's (Live under Detect).
  const current = currentEntry(useLocation().pathname, sections)
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Vigil</span>
        <nav aria-label="Sections">
          <ul>
            {sections.map((s) => (
              <li key={s.to}>
                <Link to={s.to} className={s === current ? 'active' : undefined} aria-current={s === current ? 'page' : undefined}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <UserMenu />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  )
}
