/**
 * Randomness as a port: storage and server pass Node's CSPRNG, tests may pass a seeded one.
 *
 * @example
 * const id = deps.random.uuid(); const secret = deps.random.bytes(32)
 */
export interface Random {
  /** A random (version 4) UUID. */
  uuid(): string
  /** `n` cryptographically random bytes. */
  bytes(n: number): Uint8Array
}
