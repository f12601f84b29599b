import type { Disclosure, DisclosureStatus, DisclosureStep } from '@vigil/contracts'
import { can } from '../auth/can.js'
import { VigilError } from '../shared/errors.js'
import type { DisclosureChange, DisclosureDeps } from './disclosure-ports.js'
import { audit, frozen, load, type UserActor } from './disclosure-record.js'
import { getDisclosure } from './read-disclosures.js'

export async function step(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  from: readonly DisclosureStatus[],
  change: DisclosureChange,
  what: { step: DisclosureStep['step']; reason?: string; details?: Record<string, unknown> },
  now: Date,
): Promise<Disclosure> {
  const changed = await deps.store.change(
    id,
    from,
    change,
    { step: what.step, userId: actor.userId, ...(what.reason !== undefined ? { reason: what.reason } : {}) },
    audit(actor, ACTIONS[what.step], id, {
      ...(change.status ? { status: change.status } : {}),
      ...what.details,
    }),
    now,
  )
  if (!changed) {
    const { record } = await load(deps, actor, id)
    throw new VigilError('CONFLICT', `${frozen(record.status)}; it cannot be ${what.step} now`)
  }
  return getDisclosure(deps, actor, id)
}

const ACTIONS: Record<DisclosureStep['step'], string> = {
  created: 'create',
  edited: 'edit',
  submitted: 'submit',
  approved: 'approve',
  published: 'publish',
  withdrawn: 'withdraw',
}

export function requireWriter(actor: UserActor): void {
  if (!can(actor, 'disclose:write'))
    throw new VigilError('AUTH_FORBIDDEN', 'only analysts prepare disclosures', { permission: 'disclose:write' })
}
