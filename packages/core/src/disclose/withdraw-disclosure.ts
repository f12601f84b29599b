import { type Disclosure, WithdrawInput } from '@vigil/contracts'
import { can } from '../auth/can.js'
import { VigilError } from '../shared/errors.js'
import { parseInput } from '../shared/parse-input.js'
import type { DisclosureDeps, DisclosurePublication } from './disclosure-ports.js'
import { load, type UserActor } from './disclosure-record.js'
import { step } from './disclosure-step.js'

/**
 * The STIX report's next version, revoked (STIX 2.1 §3.6: a revoked object is a new version
 * with `revoked: true`); `modified` is later than the published version's, whatever the clock.
 */
function revokedReport(publication: DisclosurePublication, now: Date): Record<string, unknown> {
  const previous = Date.parse(String(publication.stix.modified ?? publication.stix.created ?? 0))
  const modified = new Date(Math.max(now.getTime(), previous + 1)).toISOString()
  return { ...publication.stix, modified, revoked: true }
}

/**
 * Withdraws a disclosure, with a reason. Audited. Before publication, analysts and reviewers
 * may; a published one only a reviewer: its STIX report is revoked in the exchange (a new
 * version through the exchange's import, so partners see the revocation), its public address
 * then answers that it was withdrawn, and its frozen copy stays in the store for the record.
 *
 * @throws VigilError `AUTH_FORBIDDEN` without the permission, `CONFLICT` when already withdrawn,
 * the exchange's errors when the report cannot be revoked (nothing changes then)
 * @example
 * await withdrawDisclosure(deps, reviewer, id, { reason: 'an account was misattributed' }, now)
 */
export async function withdrawDisclosure(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  rawInput: unknown,
  now: Date,
): Promise<Disclosure> {
  if (!can(actor, 'disclose:write') && !can(actor, 'disclose:review'))
    throw new VigilError('AUTH_FORBIDDEN', 'only analysts and reviewers withdraw a disclosure', { permission: 'disclose:write' })
  const { reason } = parseInput(WithdrawInput, rawInput, 'withdrawal')
  const { record } = await load(deps, actor, id)
  const { publication } = record
  if (record.status !== 'published' || !publication)
    return step(
      deps,
      actor,
      id,
      ['draft', 'submitted', 'approved'],
      { status: 'withdrawn', withdrawReason: reason, withdrawnAt: now },
      { step: 'withdrawn', reason },
      now,
    )
  if (!can(actor, 'disclose:review'))
    throw new VigilError('AUTH_FORBIDDEN', 'only a reviewer withdraws a published disclosure', { permission: 'disclose:review' })
  // The revocation comes first: if the state change then loses a race, the report is revoked
  // but the disclosure still published, and withdrawing again revokes a newer version.
  const revoked = revokedReport(publication, now)
  const result = await deps.addObjects(actor, publication.collection, [revoked as never], publication.tlp)
  if (result.failureCount > 0)
    throw new VigilError(
      'CONFLICT',
      `the exchange refused the revoked report: ${result.failures[0]?.issues[0]?.message ?? 'unknown reason'}`,
    )
  return step(
    deps,
    actor,
    id,
    ['published'],
    { status: 'withdrawn', withdrawReason: reason, withdrawnAt: now },
    { step: 'withdrawn', reason, details: { published: true, report: publication.stixReportId, revoked: revoked.modified } },
    now,
  )
}
