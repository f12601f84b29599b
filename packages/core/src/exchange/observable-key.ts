import type { StixObject } from '@vigil/contracts'
import { normaliseUrl } from '../detect/normalise-url.js'
import { punycodeEncode } from './punycode.js'

/**
 * A domain as correlation compares it: lowercase, without a trailing dot, each label with
 * non-ASCII characters in its IDNA form (`xn--` + Punycode of its NFC form).
 *
 * @example
 * normaliseDomain('Bücher.Example.') // 'xn--bcher-kva.example'
 */
export function normaliseDomain(raw: string): string {
  return raw
    .trim()
    .replace(/\.$/, '')
    .normalize('NFC')
    .toLowerCase()
    .split('.')
    .map((label) => ([...label].every((c) => c.charCodeAt(0) < 0x80) ? label : `xn--${punycodeEncode(label)}`))
    .join('.')
}

function ipv4Canonical(raw: string): string | undefined {
  const [address = '', prefix] = raw.trim().split('/')
  const parts = address.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined
  const canonical = parts.map((p) => String(Number(p))).join('.')
  return prefix === undefined || prefix === '32' ? canonical : `${canonical}/${Number(prefix)}`
}

function ipv6Canonical(raw: string): string | undefined {
  const [address = '', prefix] = raw.trim().toLowerCase().split('/')
  const halves = address.split('::')
  if (halves.length > 2) return undefined
  const [head = [], tail = []] = halves.map((h) => (h === '' ? [] : h.split(':')))
  const missing = 8 - head.length - tail.length
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined
  const words = groups.map((g) => Number.parseInt(g, 16).toString(16))
  // RFC 5952 §4.2: the longest run (of two or more) of zero groups becomes "::", the first one on a tie.
  let best = { start: -1, length: 0 }
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') {
      i++
      continue
    }
    let j = i
    while (j < 8 && words[j] === '0') j++
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i }
    i = j
  }
  const text =
    best.start < 0 ? words.join(':') : `${words.slice(0, best.start).join(':')}::${words.slice(best.start + best.length).join(':')}`
  return prefix === undefined || prefix === '128' ? text : `${text}/${Number(prefix)}`
}

/**
 * The correlation key of an observable: `type|canonical value`, where the value is the URL
 * in detection's canonical form (`normaliseUrl`), the domain lowercase and IDNA, the
 * account as `platform:id` (`account_type`, then `user_id` or else `account_login`,
 * lowercase platform), the e-mail address lowercase, the IP address canonical (RFC 5952 for
 * IPv6), the MAC address lowercase with colons, the autonomous system by number. Undefined
 * for anything else, or an observable without its value.
 *
 * @example
 * observableKey({ type: 'user-account', id, account_type: 'Twitter', user_id: '42' }) // 'user-account|twitter:42'
 */
export function observableKey(object: StixObject): string | undefined {
  const text = (name: string) => (typeof object[name] === 'string' ? (object[name] as string) : undefined)
  const value = text('value')
  switch (object.type) {
    case 'url':
      return value === undefined ? undefined : `url|${normaliseUrl(value)}`
    case 'domain-name':
      return value === undefined ? undefined : `domain-name|${normaliseDomain(value)}`
    case 'email-addr':
      return value === undefined ? undefined : `email-addr|${value.trim().toLowerCase()}`
    case 'ipv4-addr': {
      const ip = value === undefined ? undefined : ipv4Canonical(value)
      return ip === undefined ? undefined : `ipv4-addr|${ip}`
    }
    case 'ipv6-addr': {
      const ip = value === undefined ? undefined : ipv6Canonical(value)
      return ip === undefined ? undefined : `ipv6-addr|${ip}`
    }
    case 'user-account': {
      const account = text('user_id') ?? text('account_login')
      if (account === undefined) return undefined
      return `user-account|${(text('account_type') ?? '').trim().toLowerCase()}:${account.trim()}`
    }
    case 'mac-addr':
      return value === undefined ? undefined : `mac-addr|${value.trim().toLowerCase().replaceAll('-', ':')}`
    case 'autonomous-system':
      return Number.isInteger(object.number) ? `autonomous-system|${object.number}` : undefined
    default:
      return undefined
  }
}

// Hash algorithms whose values are hexadecimal, so case carries no meaning (STIX 2.1 §10.7).
const HEX_HASHES = /^(MD5|SHA-1|SHA-224|SHA-256|SHA-384|SHA-512|SHA3-224|SHA3-256|SHA3-384|SHA3-512)$/

/**
 * The key of one hash, shared by every object the hash identifies (a file, the artifact of
 * its bytes, a certificate): `hash|ALGORITHM:value`, hex values lowercase.
 *
 * @example
 * hashKey('sha-256', 'AB…') // 'hash|SHA-256:ab…'
 */
export function hashKey(algorithm: string, value: string): string {
  const name = algorithm.trim().toUpperCase()
  return `hash|${name}:${HEX_HASHES.test(name) ? value.trim().toLowerCase() : value.trim()}`
}

// RFC 5322 headers that carry addresses (§6.6 keeps those without a property of their own here).
const ADDRESS_HEADERS =
  /^(reply-to|return-path|sender|from|to|cc|bcc|delivered-to|resent-from|resent-to|resent-sender|disposition-notification-to)$/i

function headerAddresses(fields: unknown): string[] {
  if (typeof fields !== 'object' || fields === null) return []
  return Object.entries(fields).flatMap(([name, value]) => {
    if (!ADDRESS_HEADERS.test(name)) return []
    const values = Array.isArray(value) ? value : [value]
    return values.flatMap((v) => (typeof v === 'string' ? (v.match(/[^\s<>,;"'()]+@[^\s<>,;"'()]+/g) ?? []) : []))
  })
}

/**
 * Every correlation key of an object: its `observableKey`, the `hashKey` of each of its
 * hashes (files, artifacts, certificates), a certificate's serial number (hex, without
 * separators or leading zeros), and an e-mail message's `Message-ID` and the addresses of its
 * address headers (its from/to/cc/bcc addresses are `email-addr` objects with keys of their own).
 *
 * @example
 * observableKeys({ type: 'file', id, hashes: { MD5: 'AB…' } }) // ['hash|MD5:ab…']
 */
export function observableKeys(object: StixObject): string[] {
  const keys = new Set<string>()
  const key = observableKey(object)
  if (key) keys.add(key)
  if (['file', 'artifact', 'x509-certificate'].includes(object.type) && typeof object.hashes === 'object' && object.hashes !== null) {
    for (const [algorithm, value] of Object.entries(object.hashes)) if (typeof value === 'string') keys.add(hashKey(algorithm, value))
  }
  if (object.type === 'x509-certificate' && typeof object.serial_number === 'string') {
    const serial = object.serial_number
      .toLowerCase()
      .replace(/[^0-9a-f]/g, '')
      .replace(/^0+(?=.)/, '')
    if (serial) keys.add(`x509-certificate|serial:${serial}`)
  }
  if (object.type === 'email-message') {
    if (typeof object.message_id === 'string') keys.add(`email-message|${object.message_id.trim().replace(/^<(.*)>$/, '$1')}`)
    for (const address of headerAddresses(object.additional_header_fields)) keys.add(`email-addr|${address.toLowerCase()}`)
  }
  return [...keys]
}
