/**
 * The sections of the app, each with the permissions that open it (any one of them; none
 * means every signed-in user). The menu and the route gate both read this list, so a new
 * section is one entry here and one route in `app.tsx`.
 */
export interface NavEntry {
  readonly to: string
  readonly label: string
  readonly end?: boolean
  readonly needs?: readonly string[]
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { to: '/', label: 'Overview', end: true },
  { to: '/detect', label: 'Detect', needs: ['detect:read'] },
  { to: '/detect/live', label: 'Live', needs: ['live:read'] },
  { to: '/disclose', label: 'Disclose', needs: ['disclose:read'] },
  { to: '/exchange', label: 'Exchange', needs: ['exchange:read'] },
  { to: '/requests', label: 'Requests', needs: ['requests:submit', 'requests:review'] },
  { to: '/psi', label: 'Matching', needs: ['psi:run'] },
  { to: '/transparency', label: 'Transparency' },
  { to: '/admin', label: 'Admin', needs: ['instance:admin', 'org:manage', 'audit:read'] },
]

/**
 * The one entry the menu marks as the current section of `pathname`: the entry whose path
 * is the longest prefix of it, by whole segments (`end` entries only on an exact match), so
 * `/detect/live` is Live alone and `/detect/runs/7` is Detect.
 *
 * @example
 * currentEntry('/detect/live', NAV_ENTRIES)?.label // 'Live'
 */
export function currentEntry(pathname: string, entries: readonly NavEntry[]): NavEntry | undefined {
  const path = pathname.replace(/\/+$/, '') || '/'
  const holds = (e: NavEntry) => path === e.to || (e.end !== true && path.startsWith(e.to === '/' ? '/' : `${e.to}/`))
  return entries.filter(holds).reduce<NavEntry | undefined>((best, e) => (best && best.to.length >= e.to.length ? best : e), undefined)
}

/** Whether a user holding `permissions` may open `entry`. */
export function mayOpen(entry: NavEntry, permissions: readonly string[]): boolean {
  return entry.needs === undefined || entry.needs.some((p) => permissions.includes(p))
}
