import {
  type InitiatorBlinded,
  type InitiatorOutcome,
  type OrgId,
  PSI_PROTOCOL,
  type PsiOrgKey,
  type PsiSession,
  type PsiSessionStatus,
  type ResponderReply,
} from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import type { Random } from '../shared/random.js'
import { sessionBinding } from './psi-element.js'
import type { PsiGroup } from './psi-group.js'
import { trustedPeerKey } from './psi-org-keys.js'
import { finishInitiator, respond, startInitiator } from './psi-protocol.js'
import { signPsiMessage, verifyPsiMessage } from './psi-signature.js'
import { fromWire, toWire } from './psi-wire.js'

/**
 * The server calls one side of a PSI session makes: the CLI implements it with `fetch` from
 * Node, the web UI with its API client. Each answer is checked by its schema there.
 */
export interface PsiRunTransport {
  session(id: string): Promise<PsiSession>
  psiKey(orgId: OrgId): Promise<PsiOrgKey>
  postInitiatorMessage(id: string, message: InitiatorBlinded): Promise<PsiSession>
  initiatorMessage(id: string): Promise<InitiatorBlinded>
  postResponderReply(id: string, reply: ResponderReply): Promise<PsiSession>
  responderReply(id: string): Promise<ResponderReply>
  complete(id: string, outcome: InitiatorOutcome): Promise<PsiSession>
}

/** What running a side needs besides its input: the transport, the group, randomness and time. */
export interface PsiRunDeps {
  readonly transport: PsiRunTransport
  readonly group: PsiGroup
  readonly random: Random
  /** Waits between two looks at the session. */
  readonly pause: (ms: number) => Promise<void>
  /** Milliseconds since the epoch, for the deadline. */
  readonly now: () => number
}

export interface PsiSideInput {
  /** The session as just read: accepted (the initiator starts it) or further along. */
  readonly session: PsiSession
  readonly side: 'initiator' | 'responder'
  /** This organisation's Ed25519 secret key (32 bytes): it signs each message. */
  readonly secretKey: Uint8Array
  /** The other organisation's PSI key fingerprint, as it gave it out of band. */
  readonly peerFingerprint: string
  /** Normalised, distinct selectors (`prepareSelectors`): they never leave this call. */
  readonly selectors: readonly string[]
  /** When to stop waiting for the peer (ms since the epoch); none: until the session expires. */
  readonly deadline?: number
  readonly pollMs?: number
  /** An `AbortSignal`: a stop between two looks at the session. */
  readonly signal?: { throwIfAborted(): void }
  readonly onProgress?: (step: string) => void
}

/** What one side ends with. Only the initiator's `shared` holds selectors. */
export type PsiSideResult =
  | { readonly side: 'initiator'; readonly session: PsiSession; readonly shared: readonly string[]; readonly responderSetSize: number }
  | { readonly side: 'responder'; readonly session: PsiSession; readonly received: number }

async function waitFor(deps: PsiRunDeps, input: PsiSideInput, statuses: readonly PsiSessionStatus[]): Promise<PsiSession> {
  const id = input.session.id
  for (;;) {
    input.signal?.throwIfAborted()
    const session = await deps.transport.session(id)
    if (statuses.includes(session.status)) return session
    if (session.status === 'expired') throw new VigilError('PSI_SESSION_EXPIRED', `PSI session ${id} expired at ${session.expiresAt}`)
    if (session.status === 'declined') throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${id} was declined by the responder`)
    if (input.deadline !== undefined && deps.now() >= input.deadline)
      throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${id} is still ${session.status}; gave up waiting`)
    await deps.pause(input.pollMs ?? 2000)
  }
}

/**
 * Runs one organisation's side of a PSI session against the server: the initiator blinds
 * and signs its set, waits for the reply, verifies it and finishes; the responder waits for
 * the blinded set, verifies it, answers and waits for completion. Every message from the
 * peer is verified with the key whose fingerprint was given out of band before it is used;
 * only blinded elements, sizes and signatures reach the transport. The CLI (`vigil psi run`)
 * and the web UI both run their side through it.
 *
 * @throws VigilError `PSI_SESSION_NOT_RUNNABLE` (declined, not yet accepted, the wait ran
 * out), `PSI_SESSION_EXPIRED`, and the protocol's and signatures' errors
 * @example
 * const r = await runPsiSide({ transport, group, random, pause, now: Date.now }, { session, side: 'initiator', secretKey, peerFingerprint, selectors })
 */
export async function runPsiSide(deps: PsiRunDeps, input: PsiSideInput): Promise<PsiSideResult> {
  const { session, transport, secretKey } = { ...input, transport: deps.transport }
  const binding = sessionBinding(session)
  const peerKey = trustedPeerKey(
    await transport.psiKey(input.side === 'initiator' ? session.responderOrgId : session.initiatorOrgId),
    input.peerFingerprint,
  )
  const limits = { maxSetSize: session.maxSetSize }
  if (input.side === 'initiator') {
    if (session.status !== 'accepted')
      throw new VigilError(
        'PSI_SESSION_NOT_RUNNABLE',
        `PSI session ${session.id} is ${session.status}; the initiator starts it once accepted`,
      )
    const { state, message } = await startInitiator(deps.group, deps.random, binding, session.kind, input.selectors, limits)
    const first: Omit<InitiatorBlinded, 'signature'> = { protocol: PSI_PROTOCOL, kind: message.kind, blinded: toWire(message.blinded) }
    const signature = signPsiMessage(secretKey, binding, { step: 'initiator-message', message: first })
    await transport.postInitiatorMessage(session.id, { ...first, signature })
    input.onProgress?.(`sent ${input.selectors.length} blinded selectors; waiting for the responder`)
    await waitFor(deps, input, ['replied'])
    const { signature: replySignature, ...reply } = await transport.responderReply(session.id)
    verifyPsiMessage(peerKey, binding, { step: 'responder-message', message: reply }, replySignature)
    const result = await finishInitiator(
      deps.group,
      state,
      { doubleBlinded: fromWire(reply.doubleBlinded), responderBlinded: fromWire(reply.responderBlinded) },
      limits,
    )
    const size = session.responderLearns === 'cardinality' ? { intersectionSize: result.shared.length } : {}
    const outcome: Omit<InitiatorOutcome, 'signature'> = { protocol: PSI_PROTOCOL, ...size }
    const done = await transport.complete(session.id, {
      ...outcome,
      signature: signPsiMessage(secretKey, binding, { step: 'outcome', message: outcome }),
    })
    return { side: 'initiator', session: done, shared: result.shared, responderSetSize: result.responderSetSize }
  }
  input.onProgress?.('waiting for the initiator’s blinded set')
  const ready = await waitFor(deps, input, ['blinded'])
  const { signature: receivedSignature, ...received } = await transport.initiatorMessage(session.id)
  verifyPsiMessage(peerKey, binding, { step: 'initiator-message', message: received }, receivedSignature)
  const reply = await respond(
    deps.group,
    deps.random,
    binding,
    ready.kind,
    input.selectors,
    { kind: received.kind, blinded: fromWire(received.blinded) },
    limits,
  )
  const second: Omit<ResponderReply, 'signature'> = {
    protocol: PSI_PROTOCOL,
    doubleBlinded: toWire(reply.doubleBlinded),
    responderBlinded: toWire(reply.responderBlinded),
  }
  await transport.postResponderReply(session.id, {
    ...second,
    signature: signPsiMessage(secretKey, binding, { step: 'responder-message', message: second }),
  })
  input.onProgress?.(`answered ${received.blinded.count} blinded selectors with ${input.selectors.length} of yours; waiting for the result`)
  const done = await waitFor(deps, input, ['completed'])
  return { side: 'responder', session: done, received: received.blinded.count }
}
