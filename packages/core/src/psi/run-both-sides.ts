import type { ResponderLearns, SelectorKind } from '@vigil/contracts'
import type { Random } from '../shared/random.js'
import type { PsiGroup } from './psi-group.js'
import { finishInitiator, type InitiatorResult, type PsiLimits, respond, startInitiator } from './psi-protocol.js'

/** What the responder ends a session knowing. */
export interface ResponderView {
  readonly initiatorSetSize: number
  /** `null` under terms that let the responder learn nothing. */
  readonly intersectionSize: number | null
}

/**
 * What the responder may learn from the initiator's result, under the session's terms:
 * the size (message 3) or nothing (no message 3 is sent).
 *
 * @example
 * responderOutcome('nothing', result) // null
 */
export function responderOutcome(terms: ResponderLearns, result: InitiatorResult): number | null {
  return terms === 'cardinality' ? result.shared.length : null
}

/**
 * Runs both halves of a PSI session in one process, passing the messages in memory:
 * for trying the protocol out (`vigil psi local`), tests and benchmarks. Each side's view
 * is returned apart, so the caller sees exactly what each would learn.
 *
 * @example
 * const { initiator, responder } = await runBothSides(group, random, 'email', 'cardinality', mine, theirs, { maxSetSize: 1e6 })
 */
export async function runBothSides(
  group: PsiGroup,
  random: Random,
  kind: SelectorKind,
  terms: ResponderLearns,
  initiatorSelectors: readonly string[],
  responderSelectors: readonly string[],
  limits: PsiLimits,
): Promise<{ initiator: InitiatorResult; responder: ResponderView }> {
  // A local run is a session of its own between two stand-in organisations.
  const binding = { sessionId: random.uuid(), initiatorOrgId: random.uuid(), responderOrgId: random.uuid() }
  const { state, message } = await startInitiator(group, random, binding, kind, initiatorSelectors, limits)
  const reply = await respond(group, random, binding, kind, responderSelectors, message, limits)
  const initiator = await finishInitiator(group, state, reply, limits)
  return {
    initiator,
    responder: { initiatorSetSize: message.blinded.length / 32, intersectionSize: responderOutcome(terms, initiator) },
  }
}
