import { type PackedElements, PSI_ELEMENT_BYTES } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0))
const PAD = 61 // '='

/**
 * Bytes as padded standard base64, in pure JS (the browser runs a PSI side too).
 *
 * @example
 * bytesToBase64(new Uint8Array(3)) // 'AAAA'
 */
export function bytesToBase64(packed: Uint8Array): string {
  // Character codes first, strings in large slices after: per-character string building is
  // a hundred times slower on a million elements.
  const codes = new Uint8Array(Math.ceil(packed.length / 3) * 4)
  let o = 0
  for (let i = 0; i < packed.length; i += 3) {
    const n = ((packed[i] ?? 0) << 16) | ((packed[i + 1] ?? 0) << 8) | (packed[i + 2] ?? 0)
    codes[o++] = ALPHABET_CODES[n >> 18] ?? 0
    codes[o++] = ALPHABET_CODES[(n >> 12) & 63] ?? 0
    codes[o++] = i + 1 < packed.length ? (ALPHABET_CODES[(n >> 6) & 63] ?? 0) : PAD
    codes[o++] = i + 2 < packed.length ? (ALPHABET_CODES[n & 63] ?? 0) : PAD
  }
  const parts: string[] = []
  // `apply` takes the typed array as it is; spreading it would walk an iterator, far slower.
  for (let i = 0; i < codes.length; i += 8192)
    parts.push(String.fromCharCode.apply(null, codes.subarray(i, i + 8192) as unknown as number[]))
  return parts.join('')
}

/**
 * Packed elements as they travel over HTTP: padded standard base64 and their count.
 *
 * @example
 * toWire(new Uint8Array(32)) // { count: 1, data: 'AAAA…AAA=' }
 */
export function toWire(packed: Uint8Array): PackedElements {
  return { count: packed.length / PSI_ELEMENT_BYTES, data: bytesToBase64(packed) }
}

/**
 * The bytes of wire elements; throws `PSI_INVALID_MESSAGE` when they are not exactly
 * `count` elements of valid base64.
 *
 * @example
 * fromWire(toWire(packed)) // equal to packed
 */
export function fromWire(wire: PackedElements): Uint8Array {
  return base64ToBytes(wire.data, wire.count * PSI_ELEMENT_BYTES, `expected ${wire.count} elements of ${PSI_ELEMENT_BYTES} bytes`)
}

/**
 * The bytes of padded standard base64; throws `PSI_INVALID_MESSAGE` (with `what`) unless
 * it is valid and decodes to exactly `length` bytes.
 *
 * @example
 * base64ToBytes('AAAA', 3, 'a test value') // Uint8Array(3)
 */
export function base64ToBytes(data: string, length: number, what: string): Uint8Array {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0
  if (data.length % 4 !== 0 || (data.length / 4) * 3 - padding !== length) throw new VigilError('PSI_INVALID_MESSAGE', what)
  const out = new Uint8Array(length)
  let o = 0
  for (let i = 0; i < data.length; i += 4) {
    let n = 0
    for (let j = 0; j < 4; j++) {
      const code = data.charCodeAt(i + j)
      const v = code === PAD && i + j >= data.length - padding ? 0 : (DECODE[code] ?? -1)
      if (v < 0) throw new VigilError('PSI_INVALID_MESSAGE', 'elements are not valid base64')
      n = (n << 6) | v
    }
    if (o < length) out[o++] = n >> 16
    if (o < length) out[o++] = (n >> 8) & 255
    if (o < length) out[o++] = n & 255
  }
  return out
}
