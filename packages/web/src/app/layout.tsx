import { NavLink, Outlet } from 'react-router'
import { useSession } from '../features/auth/api/session.js'
import { mayOpen, NAV_ENTRIES } from './nav-entries.js'
import { UserMenu } from './user-menu.js'

/** The frame of every page: skip link, the sections the user's roles open, and the page itself. */
export function Layout() {
  const permissions = useSession().data?.permissions ?? []
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Vigil</span>
        <nav aria-label="Sections">
          <ul>
            {NAV_ENTRIES.filter((s) => mayOpen(s, permissions)).map((s) => (
              <li key={s.to}>
                <NavLink to={s.to} end={s.end === true}>
                  {s.label}
                </NavLink>
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
