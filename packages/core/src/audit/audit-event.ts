import type { Actor } from '../auth/actor.js'

/**
 * One security-relevant act, as a use case reports it. The store gives it a sequence
 * number and time, chains it, and writes it in the same transaction as the change.
 *
 * @example
 * { actor, action: 'exchange.object.read', target: { type: 'indicator', id }, outcome: 'success', details: { tlp: 'red' } }
 */
export interface AuditEvent {
  readonly actor: Actor
  /** `context.noun.verb`, e.g. `auth.login`, `requests.transition`. */
  readonly action: string
  readonly target?: { readonly type: string; readonly id: string }
  readonly outcome: 'success' | 'failure' | 'denied'
  readonly requestId?: string
  readonly details?: Readonly<Record<string, unknown>>
}
