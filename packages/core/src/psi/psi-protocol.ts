import type { SelectorKind } from '@vigil/contracts'
import { PSI_ELEMENT_BYTES } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import type { Random } from '../shared/random.js'
import { assertValidElements, type PsiBinding, psiHashTag, selectorMessage } from './psi-element.js'
import type { PsiGroup } from './psi-group.js'
import { shuffled } from './shuffle.js'

/** What the initiator keeps between its two steps. Never leaves its machine. */
export interface InitiatorState {
  readonly kind: SelectorKind
  /** The session's hash tag (see `psiHashTag`). */
  readonly tag: string
  readonly secret: Uint8Array
  /** The normalised selectors, in the order their blinded elements were sent. */
  readonly order: readonly string[]
}

/** Message 1 in memory: the initiator's blinded elements (`H(x)^a`), packed. */
export interface InitiatorMessage {
  readonly kind: SelectorKind
  readonly blinded: Uint8Array
}

/** Message 2 in memory: `H(x)^ab` in the order received, and `H(y)^b` shuffled. */
export interface ResponderMessage {
  readonly doubleBlinded: Uint8Array
  readonly responderBlinded: Uint8Array
}

/** What the initiator learns. */
export interface InitiatorResult {
  /** Its own selectors that the responder also holds, sorted. */
  readonly shared: readonly string[]
  readonly responderSetSize: number
}

/** Caps both sides apply to what they receive. */
export interface PsiLimits {
  readonly maxSetSize: number
}

function countOf(packed: Uint8Array, what: string): number {
  if (packed.length % PSI_ELEMENT_BYTES !== 0) {
    throw new VigilError(
      'PSI_INVALID_MESSAGE',
      `${what}: ${packed.length} bytes is not a whole number of ${PSI_ELEMENT_BYTES}-byte elements`,
    )
  }
  return packed.length / PSI_ELEMENT_BYTES
}

function assertWithinCap(size: number, limits: PsiLimits, what: string): void {
  if (size > limits.maxSetSize) {
    throw new VigilError('PSI_SET_TOO_LARGE', `${what} holds ${size} selectors; this session allows at most ${limits.maxSetSize}`, {
      size,
      maxSetSize: limits.maxSetSize,
    })
  }
}

async function blindSelectors(group: PsiGroup, secret: Uint8Array, tag: string, kind: SelectorKind, order: readonly string[]) {
  return group.hashAndBlind(
    secret,
    tag,
    order.map((s) => selectorMessage(kind, s)),
  )
}

/**
 * Initiator, step 1: draws a fresh secret `a`, shuffles its distinct normalised selectors
 * and sends `H(x)^a` for each, `H` bound to the session (`binding`). Keep the returned
 * state for {@link finishInitiator}.
 *
 * @example
 * const { state, message } = await startInitiator(group, random, binding, 'email', ['a@b.org'], { maxSetSize: 100_000 })
 */
export async function startInitiator(
  group: PsiGroup,
  random: Random,
  binding: PsiBinding,
  kind: SelectorKind,
  selectors: readonly string[],
  limits: PsiLimits,
): Promise<{ state: InitiatorState; message: InitiatorMessage }> {
  assertWithinCap(selectors.length, limits, 'the initiator set')
  const tag = psiHashTag(binding)
  const secret = random.bytes(32)
  const order = shuffled(selectors, random)
  const blinded = await blindSelectors(group, secret, tag, kind, order)
  return { state: { kind, tag, secret, order }, message: { kind, blinded } }
}

/**
 * Responder: draws a fresh secret `b`, raises every received element to `b` in the order
 * received (refusing invalid points) and sends its own shuffled selectors as `H(y)^b`.
 * Its work is the same whatever the sets hold; it learns the initiator's set size only.
 * Its own elements are hashed under this session's `binding`, so they match only elements
 * the initiator hashed for the same session and the same two organisations.
 *
 * @example
 * const reply = await respond(group, random, binding, 'email', ['a@b.org'], message, { maxSetSize: 1_000_000 })
 */
export async function respond(
  group: PsiGroup,
  random: Random,
  binding: PsiBinding,
  kind: SelectorKind,
  selectors: readonly string[],
  message: InitiatorMessage,
  limits: PsiLimits,
): Promise<ResponderMessage> {
  if (message.kind !== kind) {
    throw new VigilError('PSI_INVALID_MESSAGE', `the initiator sent ${message.kind} selectors; this side holds ${kind}`)
  }
  assertWithinCap(countOf(message.blinded, 'the initiator set'), limits, 'the initiator set')
  assertWithinCap(selectors.length, limits, 'the responder set')
  const tag = psiHashTag(binding)
  const secret = random.bytes(32)
  const doubleBlinded = await group.blind(secret, message.blinded)
  const responderBlinded = await blindSelectors(group, secret, tag, kind, shuffled(selectors, random))
  return { doubleBlinded, responderBlinded }
}

function hexKeys(packed: Uint8Array): string[] {
  const keys: string[] = []
  for (let offset = 0; offset < packed.length; offset += PSI_ELEMENT_BYTES) {
    keys.push(String.fromCharCode(...packed.subarray(offset, offset + PSI_ELEMENT_BYTES)))
  }
  return keys
}

/**
 * Initiator, step 2: raises the responder's elements to `a` (`H(y)^ba`) and marks each of
 * its selectors whose `H(x)^ab` is among them. Every element is processed; nothing stops at
 * the first match.
 *
 * @example
 * const { shared } = await finishInitiator(group, state, reply, { maxSetSize: 1_000_000 })
 */
export async function finishInitiator(
  group: PsiGroup,
  state: InitiatorState,
  reply: ResponderMessage,
  limits: PsiLimits,
): Promise<InitiatorResult> {
  const echoed = countOf(reply.doubleBlinded, 'the double-blinded initiator set')
  if (echoed !== state.order.length) {
    throw new VigilError('PSI_INVALID_MESSAGE', `the responder returned ${echoed} double-blinded elements for ${state.order.length} sent`)
  }
  const responderSetSize = countOf(reply.responderBlinded, 'the responder set')
  assertWithinCap(responderSetSize, limits, 'the responder set')
  const theirs = new Set(hexKeys(await group.blind(state.secret, reply.responderBlinded)))
  assertValidElements(reply.doubleBlinded, 'the double-blinded initiator set')
  const matched = hexKeys(reply.doubleBlinded).map((key) => theirs.has(key))
  const shared = state.order.filter((_, i) => matched[i])
  return { shared: shared.sort(), responderSetSize }
}
