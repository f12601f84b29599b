import { StixTimestamp } from './stix-common.js'

/** One reason an object was refused, with the JSON path of the offending value. */
export interface StixIssue {
  /** JSONPath from the object's root, e.g. `$.external_references[0].source_name`. */
  readonly path: string
  readonly message: string
}

/** Formats a path of keys and indexes as JSONPath (`$.a[0].b`). */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`)).join('')}`
}

/**
 * Orders two STIX timestamps to any precision (they may carry more than milliseconds).
 * Returns a negative number, zero or a positive number.
 */
export function compareStixTimestamps(a: string, b: string): number {
  const norm = (t: string) => {
    const [whole, frac = ''] = t.slice(0, -1).split('.')
    return `${whole}.${frac.padEnd(12, '0')}`
  }
  const x = norm(a)
  const y = norm(b)
  return x < y ? -1 : x > y ? 1 : 0
}

type Object_ = Record<string, unknown>

function before(o: Object_, earlier: string, later: string, strict: boolean): StixIssue[] {
  const a = o[earlier]
  const b = o[later]
  // Malformed timestamps are reported by the schema; comparing them would only add noise.
  if (!StixTimestamp.safeParse(a).success || !StixTimestamp.safeParse(b).success) return []
  if (typeof a !== 'string' || typeof b !== 'string') return []
  const c = compareStixTimestamps(a, b)
  return (strict ? c >= 0 : c > 0)
    ? [{ path: jsonPath([later]), message: `must be ${strict ? 'later than' : 'at or after'} ${earlier}` }]
    : []
}

const has = (o: Object_, key: string) => o[key] !== undefined
const rule = (broken: boolean, path: string, message: string): StixIssue[] => (broken ? [{ path, message }] : [])

// Properties of which an object of these types must carry at least one (STIX 2.1 §6.11,
// §6.13, §6.17: "MUST contain at least one property … other than type").
const AT_LEAST_ONE: Readonly<Record<string, readonly string[]>> = {
  process: [
    'extensions',
    'is_hidden',
    'pid',
    'created_time',
    'cwd',
    'command_line',
    'environment_variables',
    'opened_connection_refs',
    'creator_user_ref',
    'image_ref',
    'parent_ref',
    'child_refs',
  ],
  'windows-registry-key': ['key', 'values', 'modified_time', 'creator_user_ref', 'number_of_subkeys'],
  'x509-certificate': [
    'is_self_signed',
    'hashes',
    'version',
    'serial_number',
    'signature_algorithm',
    'issuer',
    'validity_not_before',
    'validity_not_after',
    'subject',
    'subject_public_key_algorithm',
    'subject_public_key_modulus',
    'subject_public_key_exponent',
    'x509_v3_extensions',
  ],
}

// Rules of one type that tie several properties together.
const TYPE_RULES: Readonly<Record<string, (o: Object_) => StixIssue[]>> = {
  location: (o) => [
    ...rule(
      !has(o, 'region') && !has(o, 'country') && (!has(o, 'latitude') || !has(o, 'longitude')),
      '$',
      'a location needs region, country, or latitude and longitude',
    ),
    ...rule(has(o, 'latitude') !== has(o, 'longitude'), '$', 'latitude and longitude go together'),
  ],
  malware: (o) => rule(o.is_family === true && !has(o, 'name'), '$.name', 'a malware family needs a name'),
  'malware-analysis': (o) => [
    ...rule(!has(o, 'result') && !has(o, 'analysis_sco_refs'), '$', 'a malware analysis needs result or analysis_sco_refs'),
    ...before(o, 'analysis_started', 'analysis_ended', false),
  ],
  file: (o) => rule(!has(o, 'hashes') && !has(o, 'name'), '$', 'a file needs hashes or a name'),
  'marking-definition': (o) =>
    rule(
      !has(o, 'extensions') && (!has(o, 'definition_type') || !has(o, 'definition')),
      '$',
      'a marking definition needs definition_type and definition, or extensions',
    ),
  // §6.1: the payload itself, or a URL to it with hashes to check it by; a key needs its algorithm.
  artifact: (o) => [
    ...rule(has(o, 'payload_bin') && has(o, 'url'), '$.url', 'an artifact has payload_bin or url, not both'),
    ...rule(has(o, 'url') && !has(o, 'hashes'), '$.hashes', 'an artifact given by url needs hashes'),
    ...rule(has(o, 'decryption_key') && !has(o, 'encryption_algorithm'), '$.decryption_key', 'needs encryption_algorithm'),
  ],
  // §6.6: a multipart message has body_multipart, any other one body.
  'email-message': (o) => [
    ...rule(o.is_multipart === true && has(o, 'body'), '$.body', 'a multipart message has body_multipart, not body'),
    ...rule(o.is_multipart === false && has(o, 'body_multipart'), '$.body_multipart', 'only a multipart message has body_multipart'),
  ],
  // §6.12: traffic goes from or to something; traffic still going on has no end.
  'network-traffic': (o) => [
    ...rule(!has(o, 'src_ref') && !has(o, 'dst_ref'), '$', 'network traffic needs src_ref or dst_ref'),
    ...rule(o.is_active === true && has(o, 'end'), '$.end', 'active network traffic has no end'),
    ...before(o, 'start', 'end', false),
  ],
  'x509-certificate': (o) => before(o, 'validity_not_before', 'validity_not_after', false),
}

/** Rules the specification states across properties, which a per-property schema cannot. */
export function crossPropertyIssues(o: Object_): StixIssue[] {
  const type = String(o.type)
  const oneOf = AT_LEAST_ONE[type]
  return [
    ...before(o, 'created', 'modified', false),
    ...before(o, 'first_seen', 'last_seen', false),
    ...before(o, 'first_observed', 'last_observed', false),
    ...before(o, 'start_time', 'stop_time', true),
    ...before(o, 'valid_from', 'valid_until', true),
    ...(TYPE_RULES[type]?.(o) ?? []),
    ...rule(oneOf !== undefined && !oneOf.some((k) => has(o, k)), '$', `a ${type} needs at least one of ${oneOf?.join(', ')}`),
  ]
}

/**
 * STIX 2.1 §3.1 forbids null and empty lists anywhere at the top level; binary and hex
 * properties are named by their suffix.
 */
export function valueIssues(o: Object_): StixIssue[] {
  const issues: StixIssue[] = []
  for (const [key, value] of Object.entries(o)) {
    const path = jsonPath([key])
    if (value === null) issues.push({ path, message: 'must not be null' })
    else if (Array.isArray(value) && value.length === 0) issues.push({ path, message: 'must not be an empty list' })
    else if (key.endsWith('_hex') && !(typeof value === 'string' && /^([a-fA-F0-9]{2})+$/.test(value))) {
      issues.push({ path, message: 'must be a hex string' })
    } else if (key.endsWith('_bin') && !(typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value))) {
      issues.push({ path, message: 'must be base64' })
    }
  }
  return issues
}
