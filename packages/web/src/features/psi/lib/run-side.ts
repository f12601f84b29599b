import type { PsiSession, RejectedLines } from '@vigil/contracts'
import { base64ToBytes, nobleX25519Group, prepareSelectors, runPsiSide as runSide } from '@vigil/core/psi'
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

/**
 * Runs this organisation's side of a PSI session in the page through core's `runPsiSide`, as
 * `vigil psi run` does: the selectors are normalised (core's versioned rules), hashed and
 * blinded here with the pure-JS group; only blinded elements, sizes and signatures go to the
 * server. The initiator's secret lives in this call only: the page must stay open until the reply.
 */
export async function runPsiSide(input: PsiRunInput): Promise<PsiRunResult> {
  const { session, transport, key } = input
  const side = input.myOrgId === session.initiatorOrgId ? 'initiator' : 'responder'
  if (key.file.orgId !== input.myOrgId) throw new Error(`the loaded key belongs to organisation ${key.file.orgId}, not yours`)
  const registered = await transport.psiKey(session.initiatorOrgId === input.myOrgId ? session.initiatorOrgId : session.responderOrgId)
  if (registered.fingerprint !== key.file.fingerprint)
    throw new Error('the loaded key is not the one your organisation registered: the peer would refuse its signatures')
  const secretKey = base64ToBytes(key.file.secretKey, 32, 'the key holds no 32-byte secret key')
  const { selectors, rejected } = prepareSelectors(session.kind, input.lines)
  input.onProgress?.(`${selectors.length} distinct selectors normalised`, rejected)
  const result = await runSide(
    {
      transport,
      group: nobleX25519Group,
      random: browserRandom,
      pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: Date.now,
    },
    {
      session,
      side,
      secretKey,
      peerFingerprint: input.peerFingerprint,
      selectors,
      pollMs: input.pollMs ?? 1000,
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    },
  )
  return result.side === 'initiator'
    ? { side: result.side, session: result.session, shared: result.shared, selectorCount: selectors.length }
    : { side: result.side, session: result.session, selectorCount: selectors.length }
}
