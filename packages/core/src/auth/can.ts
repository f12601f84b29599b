import type { Role } from '@vigil/contracts'
import type { Actor } from './actor.js'
import { PERMISSIONS, type Permission } from './permissions.js'

/**
 * What each role grants. `admin` is the instance administrator; every other role acts
 * within the user's own organisation.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  admin: PERMISSIONS,
  'org-admin': [
    'exchange:read',
    'exchange:write',
    'detect:run',
    'detect:read',
    'detect:triage',
    'detect:publish',
    'disclose:read',
    'disclose:write',
    'live:read',
    'live:manage',
    'live:ingest',
    'org:manage',
  ],
  analyst: [
    'exchange:read',
    'exchange:write',
    'detect:run',
    'detect:read',
    'detect:triage',
    'detect:publish',
    'disclose:read',
    'disclose:write',
    'live:read',
    'live:manage',
    'live:ingest',
    'psi:run',
  ],
  reviewer: ['exchange:read', 'requests:review', 'disclose:read', 'disclose:review'],
  requester: ['requests:submit'],
  auditor: ['audit:read'],
})

// Only government agencies submit data requests, whatever role a user of another kind holds.
const ORG_KIND_LIMITS: Partial<Record<Permission, readonly string[]>> = { 'requests:submit': ['government'] }

/**
 * Whether `actor` holds `permission`. System actors (jobs, the admin CLI) hold every
 * permission; a user holds what one of its roles grants, within its organisation's kind.
 *
 * @example
 * can(analyst, 'exchange:write') // true
 * can(analyst, 'requests:review') // false
 */
export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'system') return true
  const kinds = ORG_KIND_LIMITS[permission]
  if (kinds && !kinds.includes(actor.orgKind)) return false
  return actor.roles.some((role) => ROLE_PERMISSIONS[role].includes(permission))
}

/**
 * Whether `actor` may administer the organisation `orgId`: the instance admin any,
 * an org-admin only its own.
 *
 * @example
 * canManageOrg(orgAdmin, orgAdmin.orgId) // true
 */
export function canManageOrg(actor: Actor, orgId: string): boolean {
  if (can(actor, 'instance:admin')) return true
  return actor.kind === 'user' && actor.orgId === orgId && can(actor, 'org:manage')
}
