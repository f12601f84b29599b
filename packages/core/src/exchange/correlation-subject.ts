import type { StixObject } from '@vigil/contracts'
import { observableKeys } from './observable-key.js'

/**
 * The objects correlation tells organisations about: the SDOs that carry observables, by
 * reference (`object_refs`) or in an indicator's pattern. Observables themselves only
 * carry keys; relationships and sightings point at objects rather than carry them.
 */
export const CORRELATION_SUBJECT_TYPES: ReadonlySet<string> = new Set([
  'grouping',
  'report',
  'observed-data',
  'note',
  'opinion',
  'indicator',
])

// STIX patterning §9: `[object-type:property = 'value']`, quotes escaped with a backslash; a
// hash is named `hashes.MD5` or `hashes.'SHA-256'`.
const COMPARISON = /([a-z0-9-]+):([a-z_]+(?:\.(?:'[^']+'|[A-Za-z0-9_-]+))?)\s*=\s*'((?:[^'\\]|\\.)*)'/g
const NUMBER_COMPARISON = /autonomous-system:number\s*=\s*(\d+)/g
const SIMPLE_TYPES = new Set(['url', 'domain-name', 'email-addr', 'ipv4-addr', 'ipv6-addr', 'mac-addr'])
const HASHED_TYPES = new Set(['file', 'artifact', 'x509-certificate'])

/**
 * The observable keys an indicator's STIX pattern names by equality: the `value` of URLs,
 * domains, e-mail, IP and MAC addresses, the hashes of files, artifacts and certificates, a
 * certificate's serial number, an autonomous system's number, and user accounts by
 * `user_id` (or `account_login`) with the `account_type` of the same observation expression.
 *
 * @example
 * patternObservableKeys("[domain-name:value = 'Evil.Example']") // ['domain-name|evil.example']
 */
export function patternObservableKeys(pattern: string): string[] {
  const keys = new Set<string>()
  // Each bracketed observation expression describes one observed object.
  for (const observation of pattern.match(/\[[^\]]*\]/g) ?? []) {
    const account: Record<string, string> = {}
    for (const [, type = '', property = '', raw = ''] of observation.matchAll(COMPARISON)) {
      const value = raw.replace(/\\(.)/g, '$1')
      const hash = /^hashes\.'?([^']+)'?$/.exec(property)?.[1]
      const found =
        SIMPLE_TYPES.has(type) && property === 'value'
          ? observableKeys({ type, id: '', value })
          : HASHED_TYPES.has(type) && hash !== undefined
            ? observableKeys({ type, id: '', hashes: { [hash]: value } })
            : type === 'x509-certificate' && property === 'serial_number'
              ? observableKeys({ type, id: '', serial_number: value })
              : []
      for (const k of found) keys.add(k)
      if (type === 'user-account') account[property] = value
    }
    for (const [, number = ''] of observation.matchAll(NUMBER_COMPARISON)) {
      for (const k of observableKeys({ type: 'autonomous-system', id: '', number: Number(number) })) keys.add(k)
    }
    for (const k of observableKeys({ type: 'user-account', id: '', ...account })) keys.add(k)
  }
  return [...keys]
}

/** Whether correlation tells organisations about objects of this type. */
export function isCorrelationSubject(object: StixObject): boolean {
  return CORRELATION_SUBJECT_TYPES.has(object.type)
}

/** The STIX ids an object refers to whose observables it carries. */
export function carriedRefs(object: StixObject): string[] {
  const refs = object.object_refs
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : []
}
