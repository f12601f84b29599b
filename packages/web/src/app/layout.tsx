import { NavLink, Outlet } from 'react-router'
import { UserMenu } from './user-menu.js'

const SECTIONS = [
  { to: '/', label: 'Overview', end: true },
  { to: '/detect', label: 'Detect' },
  { to: '/exchange', label: 'Exchange' },
  { to: '/requests', label: 'Requests' },
  { to: '/transparency', label: 'Transparency' },
  { to: '/admin', label: 'Admin' },
] as const

/** The frame of every page: skip link, navigation, and the page itself. */
export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Vigil</span>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.to}>
                <NavLink to={s.to} end={'end' in s}>
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
