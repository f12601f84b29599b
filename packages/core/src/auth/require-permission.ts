import { VigilError } from '../shared/errors.js'
import type { Actor } from './actor.js'
import { can } from './can.js'
import type { Permission } from './permissions.js'

/**
 * Throws `AUTH_FORBIDDEN` unless `actor` holds `permission`; the first line of every use case.
 *
 * @example
 * requirePermission(actor, 'requests:review')
 */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new VigilError('AUTH_FORBIDDEN', `this account may not ${permission}`, { permission })
  }
}

/** Throws `AUTH_FORBIDDEN` unless `allowed`, with the reason given. */
export function requireThat(allowed: boolean, message: string, details: Readonly<Record<string, unknown>> = {}): void {
  if (!allowed) throw new VigilError('AUTH_FORBIDDEN', message, details)
}
