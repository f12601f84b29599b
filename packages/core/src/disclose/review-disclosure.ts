import { type Disclosure, DisclosurePatch } from '@vigil/contracts'
import { can } from '../auth/can.js'
import { VigilError } from '../shared/errors.js'
import { parseInput } from '../shared/parse-input.js'
import type { DisclosureChange, DisclosureDeps } from './disclosure-ports.js'
import { checkSamples, frozen, load, type UserActor } from './disclosure-record.js'
import { requireWriter, step } from './disclosure-step.js'

/** Changes a draft (title, words, samples). Audited. @throws VigilError `CONFLICT` unless a draft, `DISCLOSE_SELECTION_INVALID` for a sample not in the networks */
export async function updateDisclosure(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  rawPatch: unknown,
  now: Date,
): Promise<Disclosure> {
  requireWriter(actor)
  const patch = parseInput(DisclosurePatch, rawPatch, 'changes')
  const { record } = await load(deps, actor, id)
  if (record.status !== 'draft') throw new VigilError('CONFLICT', `${frozen(record.status)}; only a draft can be changed`)
  if (patch.samples) await checkSamples(deps, id, patch.samples)
  const change: DisclosureChange = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
  return step(deps, actor, id, ['draft'], change, { step: 'edited', details: { fields: Object.keys(change) } }, now)
}

/** Sends a draft for review. Audited. */
export async function submitDisclosure(deps: DisclosureDeps, actor: UserActor, id: string, now: Date): Promise<Disclosure> {
  requireWriter(actor)
  await load(deps, actor, id)
  return step(deps, actor, id, ['draft'], { status: 'submitted' }, { step: 'submitted' }, now)
}

/**
 * Approves a submitted disclosure: only a reviewer, and never someone who made, changed or
 * submitted it (four eyes). Audited; a refusal is not a change.
 *
 * @throws VigilError `AUTH_FORBIDDEN` without the reviewer role, `DISCLOSE_FOUR_EYES` for the same person
 */
export async function approveDisclosure(deps: DisclosureDeps, actor: UserActor, id: string, now: Date): Promise<Disclosure> {
  if (!can(actor, 'disclose:review'))
    throw new VigilError('AUTH_FORBIDDEN', 'only a reviewer approves a disclosure', { permission: 'disclose:review' })
  const { history } = await load(deps, actor, id)
  if (history.some((h) => h.userId === actor.userId && h.step !== 'withdrawn'))
    throw new VigilError('DISCLOSE_FOUR_EYES', 'a disclosure is approved by someone other than who prepared or submitted it')
  return step(deps, actor, id, ['submitted'], { status: 'approved' }, { step: 'approved' }, now)
}
