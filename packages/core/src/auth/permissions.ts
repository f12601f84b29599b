/**
 * Every permission a route or use case can require. Roles grant sets of these; one pure
 * `can(actor, permission)` decides.
 */
export const PERMISSIONS = [
  'exchange:read',
  'exchange:write',
  'detect:run',
  'detect:read',
  'detect:triage',
  'detect:publish',
  'disclose:read',
  'disclose:write',
  'disclose:review',
  'live:read',
  'live:manage',
  'live:ingest',
  'requests:submit',
  'requests:review',
  'psi:run',
  'audit:read',
  'org:manage',
  'instance:admin',
] as const
export type Permission = (typeof PERMISSIONS)[number]

/**
 * What a route declares: a permission, `authenticated` (any signed-in caller) or `public`.
 *
 * @example
 * app.get('/api/v1/session', { config: { permission: 'authenticated' } }, handler)
 */
export type RoutePermission = Permission | 'authenticated' | 'public'
