import type { StatusDetails, TaxiiStatus } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'

/** What became of each object of one POSTed envelope. */
export interface PostOutcome {
  readonly successes: readonly StatusDetails[]
  readonly failures: readonly StatusDetails[]
  readonly pendings: readonly StatusDetails[]
}

/**
 * The status resource of a POST (TAXII 2.1 §4.3.1): counts follow the details, and the
 * status stays `pending` while any object is.
 *
 * @example
 * buildTaxiiStatus('2d086da7-…', new Date(), { successes: [{ id, version }], failures: [], pendings: [] }).status // 'complete'
 */
export function buildTaxiiStatus(id: string, requestedAt: Date, outcome: PostOutcome): TaxiiStatus {
  const { successes, failures, pendings } = outcome
  return {
    id,
    status: pendings.length > 0 ? 'pending' : 'complete',
    request_timestamp: requestedAt.toISOString(),
    total_count: successes.length + failures.length + pendings.length,
    success_count: successes.length,
    successes: [...successes],
    failure_count: failures.length,
    failures: [...failures],
    pending_count: pendings.length,
    pendings: [...pendings],
  }
}

/** Who posted an envelope, kept beside its status so only they can poll it. */
export interface StatusOwner {
  /** The posting user's organisation; null for a system actor. */
  readonly orgId: string | null
}

/** The owner recorded for a status posted by `actor`. */
export function statusOwnerOf(actor: Actor): StatusOwner {
  return { orgId: actor.kind === 'user' ? actor.orgId : null }
}

/**
 * Whether `actor` may read a status: members of the posting organisation may, and the
 * system actor may read any. Others get a 404, never a hint that the status exists.
 */
export function canReadTaxiiStatus(actor: Actor, owner: StatusOwner): boolean {
  return actor.kind === 'system' || (owner.orgId !== null && owner.orgId === actor.orgId)
}
