import { PsiKeyFile } from '@vigil/contracts'
import { bytesToBase64, generatePsiKeyPair, psiKeyFingerprint } from '@vigil/core/psi'
import { useSyncExternalStore } from 'react'
import { browserRandom } from './browser-random.js'

/** The organisation's PSI signing key as the page holds it: in memory only, gone on reload or sign-out. */
export interface LoadedPsiKey {
  readonly file: PsiKeyFile
  /** Where it came from: a file the user chose, or made in this page. */
  readonly origin: 'file' | 'created'
}

let current: LoadedPsiKey | undefined
const listeners = new Set<() => void>()

function set(key: LoadedPsiKey | undefined): void {
  current = key
  for (const listener of listeners) listener()
}

/** The key the page holds, re-rendering when it changes. Never written to storage, cookies or the server. */
export function usePsiKey(): LoadedPsiKey | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => current,
  )
}

/** Forgets the key (the page's "Forget key" and sign-out). */
export const forgetPsiKey = (): void => set(undefined)

/**
 * Reads a key file written by `vigil psi key create` (or downloaded from this page) and
 * keeps it in memory. Throws if it is not one, or if its halves do not match.
 */
export function loadPsiKeyFile(text: string): LoadedPsiKey {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error('this is not a PSI key file (not JSON)')
  }
  const parsed = PsiKeyFile.safeParse(json)
  if (!parsed.success) throw new Error('this is not a PSI key file')
  const derived = psiKeyFingerprint(Uint8Array.from(atob(parsed.data.publicKey), (c) => c.charCodeAt(0)))
  if (derived !== parsed.data.fingerprint) throw new Error('the key file’s fingerprint does not match its public key')
  const key: LoadedPsiKey = { file: parsed.data, origin: 'file' }
  set(key)
  return key
}

/**
 * Makes a fresh key pair in the page (WebCrypto randomness) for `orgId` and keeps it in
 * memory; the caller registers the public half and offers the file for download.
 */
export function createPsiKey(orgId: PsiKeyFile['orgId']): LoadedPsiKey {
  const { secretKey, publicKey } = generatePsiKeyPair(browserRandom)
  const key: LoadedPsiKey = {
    file: { orgId, secretKey: bytesToBase64(secretKey), publicKey: bytesToBase64(publicKey), fingerprint: psiKeyFingerprint(publicKey) },
    origin: 'created',
  }
  set(key)
  return key
}
