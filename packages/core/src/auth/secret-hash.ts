import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/**
 * The stored form of a high-entropy secret (API token, session id, recovery code, one-time
 * link): its SHA-256 in hex. Such secrets are random, so a fast hash suffices and lookups
 * stay indexed; passwords, which are not, use scrypt in storage instead.
 *
 * @example
 * hashSecret('vgl_…') // '3f1a…'
 */
export function hashSecret(secret: string): string {
  return bytesToHex(sha256(utf8ToBytes(secret)))
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Random bytes as base64url without padding (no `node:*` in core).
 *
 * @example
 * toBase64Url(new Uint8Array([255, 255])) // '__8'
 */
export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let c = 0; c < chars; c++) out += BASE64URL[(n >> (18 - 6 * c)) & 63]
  }
  return out
}
