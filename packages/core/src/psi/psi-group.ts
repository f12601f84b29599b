/**
 * The group operations an ECDH PSI repeats per selector, as a port, over packed lists
 * (`n * 32` bytes) so an implementation can split them across worker threads. Both
 * implementations give identical bytes: {@link nobleX25519Group} in pure JS (core, the
 * browser) and the native one over `node:crypto` in storage.
 */
export interface PsiGroup {
  /**
   * Hashes each message to the group (RFC 9380, under the session's `tag`, see `psiHashTag`)
   * and multiplies it by `secret`. Returns the packed results in the messages' order.
   */
  hashAndBlind(secret: Uint8Array, tag: string, messages: readonly Uint8Array[]): Promise<Uint8Array>
  /**
   * Checks each received element (see `isValidElement`) and multiplies it by `secret`.
   * Throws `PSI_INVALID_MESSAGE` for the first element that is not a valid point.
   */
  blind(secret: Uint8Array, packed: Uint8Array): Promise<Uint8Array>
}
