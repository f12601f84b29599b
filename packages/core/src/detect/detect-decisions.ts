import type { AllowlistEntry, TriageDecision, TriageInput } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import type { DetectDeps, DetectStore } from './detect-ports.js'

/** What triage and the allowlist need: their reads and writes, and the time. */
export interface DetectDecisionDeps {
  readonly store: Pick<DetectStore, 'hasNetwork' | 'insertTriage' | 'putAllowlisted' | 'removeAllowlisted'>
  readonly clock: DetectDeps['clock']
}

import { detectUser } from './detect-runs.js'

/**
 * Records an analyst's verdict on a network of the organisation's run, kept with every
 * earlier one and audited as `detect.network.triage`.
 *
 * @throws VigilError `NOT_FOUND` when the network is not in one of the organisation's runs
 * @example
 * const decision = await triageNetwork(deps, analyst, runId, 'n1', { status: 'confirmed', note: '' })
 */
export async function triageNetwork(
  deps: DetectDecisionDeps,
  actor: Actor,
  runId: string,
  networkId: string,
  input: TriageInput,
): Promise<TriageDecision> {
  const user = detectUser(actor, 'detect:triage')
  if (!(await deps.store.hasNetwork(user, runId, networkId))) throw new VigilError('NOT_FOUND', 'no such network in this run')
  const note = input.note ?? ''
  const now = deps.clock.now()
  await deps.store.insertTriage(
    user,
    { runId, networkId, status: input.status, note },
    {
      actor: user,
      action: 'detect.network.triage',
      target: { type: 'detect-network', id: `${runId}/${networkId}` },
      outcome: 'success',
      details: { status: input.status, note },
    },
    now,
  )
  return { status: input.status, note, by: user.email, at: now.toISOString() }
}

/**
 * Puts an account on the organisation's allowlist (or re-notes it): later runs never flag
 * it and publications leave it out. Audited as `detect.allowlist.add`.
 *
 * @example
 * await allowAccount(deps, analyst, 'regional-paper', 'a newspaper, verified')
 */
export async function allowAccount(deps: DetectDecisionDeps, actor: Actor, account: string, note: string): Promise<AllowlistEntry> {
  const user = detectUser(actor, 'detect:triage')
  const now = deps.clock.now()
  await deps.store.putAllowlisted(
    user,
    { account, note },
    { actor: user, action: 'detect.allowlist.add', target: { type: 'detect-account', id: account }, outcome: 'success', details: { note } },
    now,
  )
  return { account, note, by: user.email, at: now.toISOString() }
}

/**
 * Takes an account off the organisation's allowlist, audited as `detect.allowlist.remove`.
 *
 * @throws VigilError `NOT_FOUND` when it is not on the list
 * @example
 * await disallowAccount(deps, analyst, 'regional-paper')
 */
export async function disallowAccount(deps: DetectDecisionDeps, actor: Actor, account: string): Promise<void> {
  const user = detectUser(actor, 'detect:triage')
  const removed = await deps.store.removeAllowlisted(
    user,
    account,
    { actor: user, action: 'detect.allowlist.remove', target: { type: 'detect-account', id: account }, outcome: 'success' },
    deps.clock.now(),
  )
  if (!removed) throw new VigilError('NOT_FOUND', 'that account is not on the allowlist')
}
