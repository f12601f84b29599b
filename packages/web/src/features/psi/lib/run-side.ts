import {
  type InitiatorBlinded,
  type InitiatorOutcome,
  PSI_PROTOCOL,
  type PsiSession,
  type PsiSessionStatus,
  type RejectedLines,
  type ResponderReply,
} from '@vigil/contracts'
import {
  base64ToBytes,
  finishInitiator,
  fromWire,
  nobleX25519Group,
  prepareSelectors,
  respond,
  sessionBinding,
  signPsiMessage,
  startInitiator,
  toWire,
  trustedPeerKey,
  verifyPsiMessage,
} from '@vigil/core/psi'
import type { PsiTransport } from '../api/psi.js'
import { browserRandom } from './browser-random.js'
import type { LoadedPsiKey } from './key-store.js'

/** What one side of a browser run ends with. Only the initiator's `shared` holds selectors, and it stays in the page. */
export type PsiRunResult =
  | { readonly side: 'initiator'; readonly session: PsiSession; readonly shared: readonly string[]; readonly selectorCount: number }
  | { readonly side: 'responder'; readonly session: PsiSession; readonly selectorCount: number }

export interface PsiRunInput {
  readonly session: PsiSession
  readonly myOrgId: string
  readonly key: LoadedPsiKey
  /** The other organisation's PSI key fingerprint, as it gave it out of band. */
  readonly peerFingerprint: string
  /** The selector lines as pasted or read from a file: normalised here, never sent. */
  readonly lines: readonly string[]
  readonly transport: PsiTransport
  readonly onProgress?: (step: string, rejected?: RejectedLines) => void
  readonly signal?: AbortSignal
  readonly pollMs?: number
}

async function waitFor(input: PsiRunInput, statuses: readonly PsiSessionStatus[]): Promise<PsiSession> {
  for (;;) {
    input.signal?.throwIfAborted()
    const session = await input.transport.session(input.session.id)
    if (statuses.includes(session.status)) return session
    if (session.status === 'expired') throw new Error(`the session expired at ${session.expiresAt}`)
    if (session.status === 'declined') throw new Error('the responder declined the session')
    await new Promise((resolve) => setTimeout(resolve, input.pollMs ?? 1000))
  }
}

/**
 * Runs this organisation's side of a PSI session in the page, like `vigil psi run`: the
 * selectors are normalised (core's versioned rules), hashed and blinded here with the pure-JS
 * group; only blinded elements, sizes and signatures go to the server. Every message from
 * the peer is verified with the key whose fingerprint was given out of band before it is used.
 * The initiator's secret lives in this call only: the page must stay open until the reply.
 */
export async function runPsiSide(input: PsiRunInput): Promise<PsiRunResult> {
  const { session, transport, key } = input
  const side = input.myOrgId === session.initiatorOrgId ? 'initiator' : 'responder'
  if (key.file.orgId !== input.myOrgId) throw new Error(`the loaded key belongs to organisation ${key.file.orgId}, not yours`)
  const registered = await transport.psiKey(session.initiatorOrgId === input.myOrgId ? session.initiatorOrgId : session.responderOrgId)
  if (registered.fingerprint !== key.file.fingerprint)
    throw new Error('the loaded key is not the one your organisation registered: the peer would refuse its signatures')
  const binding = sessionBinding(session)
  const peerOrgId = side === 'initiator' ? session.responderOrgId : session.initiatorOrgId
  const peerKey = trustedPeerKey(await transport.psiKey(peerOrgId), input.peerFingerprint)
  const secretKey = base64ToBytes(key.file.secretKey, 32, 'the key holds no 32-byte secret key')
  const { selectors, rejected } = prepareSelectors(session.kind, input.lines)
  input.onProgress?.(`${selectors.length} distinct selectors normalised`, rejected)
  const limits = { maxSetSize: session.maxSetSize }
  if (side === 'initiator') {
    if (session.status !== 'accepted') throw new Error(`the session is ${session.status}; the initiator starts it once accepted`)
    const { state, message } = await startInitiator(nobleX25519Group, browserRandom, binding, session.kind, selectors, limits)
    const first: Omit<InitiatorBlinded, 'signature'> = { protocol: PSI_PROTOCOL, kind: message.kind, blinded: toWire(message.blinded) }
    const signature = signPsiMessage(secretKey, binding, { step: 'initiator-message', message: first })
    await transport.postInitiatorMessage(session.id, { ...first, signature })
    input.onProgress?.(`sent ${selectors.length} blinded selectors; waiting for the responder (keep this page open)`)
    await waitFor(input, ['replied'])
    const { signature: replySignature, ...reply } = await transport.responderReply(session.id)
    verifyPsiMessage(peerKey, binding, { step: 'responder-message', message: reply }, replySignature)
    const result = await finishInitiator(
      nobleX25519Group,
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
    return { side, session: done, shared: result.shared, selectorCount: selectors.length }
  }
  input.onProgress?.('waiting for the initiator’s blinded set')
  const ready = await waitFor(input, ['blinded'])
  const { signature: receivedSignature, ...received } = await transport.initiatorMessage(session.id)
  verifyPsiMessage(peerKey, binding, { step: 'initiator-message', message: received }, receivedSignature)
  const reply = await respond(
    nobleX25519Group,
    browserRandom,
    binding,
    ready.kind,
    selectors,
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
  input.onProgress?.(`answered ${received.blinded.count} blinded selectors with ${selectors.length} of yours; waiting for completion`)
  const done = await waitFor(input, ['completed'])
  return { side, session: done, selectorCount: selectors.length }
}
