import { type PackedElements, PSI_ELEMENT_BYTES } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i

/**
 * Packed elements as they travel over HTTP: padded standard base64 and their count. Pure JS,
 * so the browser can run a PSI side too.
 *
 * @example
 * toWire(new Uint8Array(32)) // { count: 1, data: 'AAAA…AAA=' }
 */
export function toWire(packed: Uint8Array): PackedElements {
  const parts: string[] = []
  let chunk = ''
  for (let i = 0; i < packed.length; i += 3) {
    const a = packed[i] ?? 0
    const b = packed[i + 1] ?? 0
    const c = packed[i + 2] ?? 0
    const n = (a << 16) | (b << 8) | c
    chunk +=
      ALPHABET.charAt(n >> 18) +
      ALPHABET.charAt((n >> 12) & 63) +
      (i + 1 < packed.length ? ALPHABET.charAt((n >> 6) & 63) : '=') +
      (i + 2 < packed.length ? ALPHABET.charAt(n & 63) : '=')
    if (chunk.length >= 65_536) {
      parts.push(chunk)
      chunk = ''
    }
  }
  parts.push(chunk)
  return { count: packed.length / PSI_ELEMENT_BYTES, data: parts.join('') }
}

/**
 * The bytes of wire elements; throws `PSI_INVALID_MESSAGE` when they are not exactly
 * `count` elements of valid base64.
 *
 * @example
 * fromWire(toWire(packed)) // equal to packed
 */
export function fromWire(wire: PackedElements): Uint8Array {
  const { data } = wire
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0
  const length = (data.length / 4) * 3 - padding
  if (data.length % 4 !== 0 || length !== wire.count * PSI_ELEMENT_BYTES) {
    throw new VigilError('PSI_INVALID_MESSAGE', `expected ${wire.count} elements of ${PSI_ELEMENT_BYTES} bytes`)
  }
  const out = new Uint8Array(length)
  let o = 0
  for (let i = 0; i < data.length; i += 4) {
    let n = 0
    for (let j = 0; j < 4; j++) {
      const code = data.charCodeAt(i + j)
      const v = code === 61 && i + j >= data.length - padding ? 0 : (DECODE[code] ?? -1)
      if (v < 0) throw new VigilError('PSI_INVALID_MESSAGE', 'elements are not valid base64')
      n = (n << 6) | v
    }
    if (o < length) out[o++] = n >> 16
    if (o < length) out[o++] = (n >> 8) & 255
    if (o < length) out[o++] = n & 255
  }
  return out
}
