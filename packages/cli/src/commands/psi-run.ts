import { availableParallelism } from 'node:os'
import { PsiSessionId } from '@vigil/contracts'
import { base64ToBytes, prepareSelectors, runPsiSide, VigilError } from '@vigil/core'
import { createNativeX25519Group, type NativePsiGroup, nodeRandom } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import type { Fetch } from '../psi/psi-client.js'
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
  const secretKey = base64ToBytes(ownKey.secretKey, 32, 'the key file holds no 32-byte secret key')
  const input = prepareSelectors(session.kind, await readSelectorFile(required(options.input, '--input')))
  const workers = input.selectors.length < INLINE_BELOW ? 0 : Math.min(2, availableParallelism())
  const group: NativePsiGroup = createNativeX25519Group({ workers })
  const say = (line: string) => (options.json ? undefined : writeLine(io.stderr, line))
  try {
    const pause = env.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    const result = await runPsiSide(
      { transport: client, group, random: nodeRandom, pause, now: Date.now },
      {
        session,
        side,
        secretKey,
        peerFingerprint,
        selectors: input.selectors,
        deadline,
        pollMs: env.pollMs ?? 2000,
        onProgress: say,
      },
    )
    if (result.side === 'initiator') {
      if (options.json) writeLine(io.stdout, JSON.stringify({ session: result.session, side, shared: result.shared }))
      else {
        writeLine(
          io.stdout,
          `${result.shared.length} of your ${input.selectors.length} selectors are also held by the responder (which holds ${result.responderSetSize}):`,
        )
        for (const selector of result.shared) writeLine(io.stdout, `  ${selector}`)
      }
      return 0
    }
    const done = result.session
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
