import { sha1 } from '@noble/hashes/legacy.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import type { ScoType, StixObject } from '@vigil/contracts'
import canonicalizeModule from 'canonicalize'

// canonicalize 2.x is CommonJS typed as an ES module: its default import is the function.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined

/** The namespace of SCO ids (STIX 2.1 §2.9). */
export const SCO_ID_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7'

// STIX 2.1 §6: the id-contributing properties of each SCO type (a process has none).
const CONTRIBUTING: Readonly<Record<ScoType, readonly string[]>> = {
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'],
  process: [],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
}

// §2.9: of several hashes, one contributes, chosen in this order (as the OASIS libraries do).
const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512']

function oneHash(hashes: Record<string, unknown>): Record<string, unknown> {
  const key = HASH_PREFERENCE.find((k) => k in hashes) ?? Object.keys(hashes)[0]
  return key === undefined ? {} : { [key]: hashes[key] }
}

/** RFC 4122 version 5: SHA-1 of namespace and name, version and variant bits set. */
export function uuidV5(namespace: string, name: string): string {
  const ns = hexToBytes(namespace.replaceAll('-', ''))
  const input = new Uint8Array(ns.length + utf8ToBytes(name).length)
  input.set(ns)
  input.set(utf8ToBytes(name), ns.length)
  const bytes = sha1(input).slice(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytesToHex(bytes)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The deterministic id of an SCO: `type--` and the UUIDv5 of the canonical JSON (RFC 8785)
 * of its id-contributing properties. Undefined for other types, and for an object with
 * none of them (then any UUIDv4 is allowed).
 *
 * @example
 * scoId({ type: 'domain-name', id: '…', value: 'example.com' }) // 'domain-name--…'
 */
export function scoId(object: StixObject): string | undefined {
  const properties = CONTRIBUTING[object.type as keyof typeof CONTRIBUTING]
  if (!properties) return undefined
  const contributing: Record<string, unknown> = {}
  for (const p of properties) {
    const value = object[p]
    if (value === undefined) continue
    contributing[p] = p === 'hashes' && typeof value === 'object' && value !== null ? oneHash(value as Record<string, unknown>) : value
  }
  if (Object.keys(contributing).length === 0) return undefined
  return `${object.type}--${uuidV5(SCO_ID_NAMESPACE, canonicalize(contributing) ?? '')}`
}
