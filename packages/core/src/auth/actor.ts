import type { OrgId, OrgKind, Role, UserId } from '@vigil/contracts'

/**
 * Who is acting. Every use case takes one, so authorisation cannot be skipped and the
 * audit log always names someone: a signed-in user, or a named system process (jobs,
 * imports run from the command line without `--as`).
 */
export type Actor =
  | {
      readonly kind: 'user'
      readonly userId: UserId
      readonly email: string
      readonly orgId: OrgId
      readonly orgKind: OrgKind
      readonly roles: readonly Role[]
      /** How the user proved who they are on this request. */
      readonly via: 'session' | 'token' | 'basic' | 'cli'
    }
  | { readonly kind: 'system'; readonly name: string }

/**
 * The actor of background work and direct administration.
 *
 * @example
 * systemActor('detect-worker')
 */
export function systemActor(name: string): Actor {
  return Object.freeze({ kind: 'system', name })
}

/** A short, stable label for logs and audit entries. */
export function describeActor(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : `system:${actor.name}`
}
