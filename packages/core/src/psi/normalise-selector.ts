import type { SelectorKind } from '@vigil/contracts'
import { normaliseDomain } from '../exchange/observable-key.js'

/** A normalised selector, or why the raw text is not one. */
export type NormalisedSelector = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string }

const MAX_SELECTOR_LENGTH = 320
// E.164: a country code and subscriber number of at most 15 digits, never starting with 0.
const E164 = /^\+[1-9]\d{7,14}$/
const PHONE_PUNCTUATION = /[\s().\-/]/g
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PLATFORM = /^[a-z0-9][a-z0-9.-]{0,63}$/

// The national trunk prefix written in brackets after the country code (`+44 (0)20 …`):
// dialled only from inside the country, never part of the E.164 number.
const TRUNK_PREFIX = /\(0\)/g
const MAILTO = /^mailto:/i
const ANGLE_WRAPPED = /^<(.*)>$/s

function normalisePhone(raw: string): NormalisedSelector {
  const international = raw.startsWith('+') || raw.startsWith('00')
  let digits = (international ? raw.replace(TRUNK_PREFIX, '') : raw).replace(PHONE_PUNCTUATION, '')
  // The international call prefix 00 is the same as a leading +.
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`
  return E164.test(digits) ? { ok: true, value: digits } : { ok: false, reason: 'not an E.164 phone number (+ and 8 to 15 digits)' }
}

function unwrap(raw: string): string {
  const inner = (text: string) => ANGLE_WRAPPED.exec(text)?.[1]?.trim() ?? text
  return inner(inner(raw).replace(MAILTO, '').trim())
}

function normaliseEmail(raw: string): NormalisedSelector {
  const address = unwrap(raw).normalize('NFC')
  const at = address.lastIndexOf('@')
  // The domain in its IDNA (punycode) form, so `bücher.example` and `xn--bcher-kva.example` are one.
  const value = at < 0 ? address.toLowerCase() : `${address.slice(0, at).toLowerCase()}@${normaliseDomain(address.slice(at + 1))}`
  return EMAIL.test(value) ? { ok: true, value } : { ok: false, reason: 'not an e-mail address' }
}

function normaliseAccount(raw: string): NormalisedSelector {
  const colon = raw.indexOf(':')
  const platform = raw.slice(0, colon).trim().normalize('NFC').toLowerCase()
  const id = raw
    .slice(colon + 1)
    .trim()
    .normalize('NFC')
  if (colon < 0 || !PLATFORM.test(platform) || id.length === 0 || /\s/.test(id)) {
    return { ok: false, reason: 'not an account (platform:id)' }
  }
  return { ok: true, value: `${platform}:${id}` }
}

/**
 * Brings a selector to its kind's one written form, so that both sides hash the same bytes
 * (rules version `PSI_NORMALISATION_RULES`, part of the hash's tag): phones to E.164 without
 * punctuation or a bracketed trunk prefix (`+44 (0)20…` is `+4420…`); e-mails without
 * `mailto:` or `<…>`, in NFC, lower-cased, the domain in its IDNA (punycode) form; accounts
 * as `platform:id` in NFC with the platform lower-cased (the id keeps its case: platforms'
 * ids are case-sensitive).
 *
 * @example
 * normaliseSelector('phone', '+1 (555) 010-9999') // { ok: true, value: '+15550109999' }
 */
export function normaliseSelector(kind: SelectorKind, raw: string): NormalisedSelector {
  const trimmed = raw.trim()
  if (trimmed.length === 0 || trimmed.length > MAX_SELECTOR_LENGTH) {
    return { ok: false, reason: `empty or longer than ${MAX_SELECTOR_LENGTH} characters` }
  }
  switch (kind) {
    case 'phone':
      return normalisePhone(trimmed)
    case 'email':
      return normaliseEmail(trimmed)
    case 'account':
      return normaliseAccount(trimmed)
  }
}
