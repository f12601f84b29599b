import type { OrgId } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'

/** Who acts in a request's workflow: its agency's requesters, its platform's reviewers, or a job. */
export type Party = 'requester' | 'reviewer' | 'system'

/** The two organisations of a request, which decide who its parties are. */
export interface RequestOrgs {
  /** The requesting agency's organisation. */
  readonly agencyOrgId: OrgId | string
  /** The platform organisation whose legal team reviews it. */
  readonly platformOrgId: OrgId | string
}

/**
 * The parties `actor` can be on some request, whatever its organisations: a system actor is
 * `system`; a user is `reviewer` and `requester` by its roles. The instance admin's blanket
 * permissions make it neither: reviewing and requesting are roles, not administration.
 *
 * @example
 * partiesOf(reviewer) // ['reviewer']
 */
export function partiesOf(actor: Actor): readonly Party[] {
  if (actor.kind === 'system') return ['system']
  return (['reviewer', 'requester'] as const).filter((party) => actor.roles.includes(party))
}

/**
 * The party rule: the party `actor` is on one request, or `undefined` when it is none (and so
 * may not even see it). A requester acts only on its own agency's requests, a reviewer only on
 * its own platform's.
 *
 * @example
 * partyOf(reviewer, { agencyOrgId: police.id, platformOrgId: reviewer.orgId }) // 'reviewer'
 * partyOf(reviewer, { agencyOrgId: police.id, platformOrgId: other.id }) // undefined
 */
export function partyOf(actor: Actor, request: RequestOrgs): Party | undefined {
  if (actor.kind === 'system') return 'system'
  const parties = partiesOf(actor)
  if (parties.includes('reviewer') && actor.orgId === request.platformOrgId) return 'reviewer'
  if (parties.includes('requester') && actor.orgId === request.agencyOrgId) return 'requester'
  return undefined
}
