// getRandomValues fills at most 65,536 bytes per call.
const MAX_CHUNK = 65_536

/** Core's `Random` port (`core/shared/random.ts`), which `@vigil/core/psi` takes structurally. */
export interface BrowserRandom {
  uuid(): string
  bytes(n: number): Uint8Array
}

/**
 * The `Random` port in a browser: WebCrypto's CSPRNG (`crypto.getRandomValues`), the
 * counterpart of storage's `nodeRandom`. The PSI secrets and shuffles of the page come from it.
 *
 * @example
 * const secret = browserRandom.bytes(32)
 */
export const browserRandom: BrowserRandom = {
  uuid: () => globalThis.crypto.randomUUID(),
  bytes(n) {
    const out = new Uint8Array(n)
    for (let offset = 0; offset < n; offset += MAX_CHUNK) {
      globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(n, offset + MAX_CHUNK)))
    }
    return out
  },
}
