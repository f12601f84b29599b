import { availableParallelism } from 'node:os'
import {
  type InitiatorBlinded,
  type InitiatorOutcome,
  PSI_PROTOCOL,
  type PsiSession,
  PsiSessionId,
  type PsiSessionStatus,
  type ResponderReply,
} from '@vigil/contracts'
import {
  base64ToBytes,
  finishInitiator,
  fromWire,
  prepareSelectors,
  respond,
  sessionBinding,
  signPsiMessage,
  startInitiator,
  toWire,
  trustedPeerKey,
  VigilError,
  verifyPsiMessage,
} from '@vigil/core'
import { createNativeX25519Group, type NativePsiGroup, nodeRandom } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import type { Fetch, PsiClient } from '../psi/psi-client.js'
import { psiClientOf, readPsiKeyFile } from './psi-key.js'
import { readSelectorFile } from './psi-local.js'

export interface PsiRunOptions {
  readonly session?: string
  readonly input?: string
  readonly server?: string
  readonly token?: string
  readonly waitSeconds?: string
  /** The organisation's PSI key file (`vigil psi key create`). */
  readonly key?: string
  /** The other organisation's PSI key fingerprint, as it gave it out of band. */
  readonly peerFingerprint?: string
  readonly json?: boolean
}

/** What the command needs besides its options: a fetch (tests bridge it to `app.inject`) and a pause. */
export interface PsiRunEnv {
  readonly fetch?: Fetch
  readonly sleep?: (ms: number) => Promise<void>
  readonly pollMs?: number
}

// Below this many selectors, starting worker threads costs more than it saves.
const INLINE_BELOW = 4000

function required(value: string | undefined, what: string): string {
  if (!value) throw new VigilError('CONFIG_INVALID', `${what} is required`)
  return value
}

/** Waits until the session reaches one of `statuses`; an expired session, or the wait running out, stops it. */
async function waitFor(
  client: PsiClient,
  id: PsiSessionId,
  statuses: readonly PsiSessionStatus[],
  deadline: number,
  env: PsiRunEnv,
): Promise<PsiSession> {
  for (;;) {
    const session = await client.session(id)
    if (statuses.includes(session.status)) return session
    if (session.status === 'expired') throw new VigilError('PSI_SESSION_EXPIRED', `PSI session ${id} expired at ${session.expiresAt}`)
    if (session.status === 'declined') throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${id} was declined by the responder`)
    if (Date.now() >= deadline)
      throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${id} is still ${session.status}; gave up waiting`)
    await (env.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(env.pollMs ?? 2000)
  }
}

/**
 * `vigil psi run --session S --input FILE`: runs this organisation's half of a session
 * against the server. The selectors are normalised, hashed and blinded here; only blinded
 * elements and sizes go to the server.
 */
export async function psiRun(io: CliIo, options: PsiRunOptions, env: PsiRunEnv = {}): Promise<number> {
  const client = psiClientOf(io, options, env.fetch)
  const ownKey = await readPsiKeyFile(required(options.key ?? io.env.VIGIL_PSI_KEY, '--key (or VIGIL_PSI_KEY)'))
  const peerFingerprint = required(options.peerFingerprint, "--peer-fingerprint (the other organisation's PSI key fingerprint)")
  const parsedId = PsiSessionId.safeParse(options.session)
  if (!parsedId.success) throw new VigilError('VALIDATION_FAILED', '--session must be a session id (a UUID)')
  const id = parsedId.data
  const waitSeconds = Number(options.waitSeconds ?? 900)
  if (!(Number.isInteger(waitSeconds) && waitSeconds >= 0))
    throw new VigilError('VALIDATION_FAILED', '--wait-seconds must be a whole number')
  const deadline = Date.now() + waitSeconds * 1000
  const me = await client.whoAmI()
  if (ownKey.orgId !== me.org.id)
    throw new VigilError('VALIDATION_FAILED', `the key file belongs to organisation ${ownKey.orgId}, not yours`)
  const session = await client.session(id)
  if (session.status === 'expired') throw new VigilError('PSI_SESSION_EXPIRED', `PSI session ${id} expired at ${session.expiresAt}`)
  if (session.status === 'proposed')
    throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${id} has not been accepted by the responder`)
  if (session.status === 'declined') throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${id} was declined by the responder`)
  const side = me.org.id === session.initiatorOrgId ? 'initiator' : 'responder'
  const binding = sessionBinding(session)
  const peerKey = trustedPeerKey(
    await client.psiKey(side === 'initiator' ? session.responderOrgId : session.initiatorOrgId),
    peerFingerprint,
  )
  const secretKey = base64ToBytes(ownKey.secretKey, 32, 'the key file holds no 32-byte secret key')
  const input = prepareSelectors(session.kind, await readSelectorFile(required(options.input, '--input')))
  const limits = { maxSetSize: session.maxSetSize }
  const workers = input.selectors.length < INLINE_BELOW ? 0 : Math.min(2, availableParallelism())
  const group: NativePsiGroup = createNativeX25519Group({ workers })
  const say = (line: string) => (options.json ? undefined : writeLine(io.stderr, line))
  try {
    if (side === 'initiator') {
      if (session.status !== 'accepted')
        throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${id} is ${session.status}; the initiator starts it once accepted`)
      const { state, message } = await startInitiator(group, nodeRandom, binding, session.kind, input.selectors, limits)
      const first: Omit<InitiatorBlinded, 'signature'> = { protocol: PSI_PROTOCOL, kind: message.kind, blinded: toWire(message.blinded) }
      const signature = signPsiMessage(secretKey, binding, { step: 'initiator-message', message: first })
      await client.postInitiatorMessage(id, { ...first, signature })
      say(`sent ${input.selectors.length} blinded selectors; waiting for the responder`)
      await waitFor(client, id, ['replied'], deadline, env)
      const { signature: replySignature, ...reply } = await client.responderReply(id)
      verifyPsiMessage(peerKey, binding, { step: 'responder-message', message: reply }, replySignature)
      const result = await finishInitiator(
        group,
        state,
        { doubleBlinded: fromWire(reply.doubleBlinded), responderBlinded: fromWire(reply.responderBlinded) },
        limits,
      )
      const size = session.responderLearns === 'cardinality' ? { intersectionSize: result.shared.length } : {}
      const outcome: Omit<InitiatorOutcome, 'signature'> = { protocol: PSI_PROTOCOL, ...size }
      const done = await client.complete(id, {
        ...outcome,
        signature: signPsiMessage(secretKey, binding, { step: 'outcome', message: outcome }),
      })
      if (options.json) writeLine(io.stdout, JSON.stringify({ session: done, side, shared: result.shared }))
      else {
        writeLine(
          io.stdout,
          `${result.shared.length} of your ${input.selectors.length} selectors are also held by the responder (which holds ${result.responderSetSize}):`,
        )
        for (const selector of result.shared) writeLine(io.stdout, `  ${selector}`)
      }
      return 0
    }
    const ready = await waitFor(client, id, ['blinded'], deadline, env)
    const { signature: receivedSignature, ...received } = await client.initiatorMessage(id)
    verifyPsiMessage(peerKey, binding, { step: 'initiator-message', message: received }, receivedSignature)
    const reply = await respond(
      group,
      nodeRandom,
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
    await client.postResponderReply(id, {
      ...second,
      signature: signPsiMessage(secretKey, binding, { step: 'responder-message', message: second }),
    })
    say(`answered ${received.blinded.count} blinded selectors with ${input.selectors.length} of yours; waiting for the result`)
    const done = await waitFor(client, id, ['completed'], deadline, env)
    if (options.json) writeLine(io.stdout, JSON.stringify({ session: done, side }))
    else {
      const size = done.intersectionSize === null ? 'not shown to you under this session' : String(done.intersectionSize)
      writeLine(io.stdout, `the initiator brought ${done.initiatorSetSize} selectors; intersection size: ${size}`)
    }
    return 0
  } finally {
    await group.close()
  }
}
