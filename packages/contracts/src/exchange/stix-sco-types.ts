import { z } from 'zod'
import { Hashes, nonEmptyList, refTo, StixTimestamp, scoCommonShape } from './stix-common.js'
import { Binary, closedObject, Dictionary, Hex, nonEmptyObject, SCO_EXTENSIONS } from './stix-sco-extensions.js'

/** The 18 cyber-observable types of STIX 2.1 §6. */
export const SCO_TYPES = [
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
] as const
export type ScoType = (typeof SCO_TYPES)[number]

const text = z.string()
const int = z.int()
const strings = nonEmptyList(z.string())
const IPV4 = /^((\d|[1-9]\d|1\d{2}|2[0-4]\d|25[0-5])\.){3}(\d|[1-9]\d|1\d{2}|2[0-4]\d|25[0-5])(\/(3[0-2]|[1-2]\d|\d))?$/
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/

/** An IPv6 address or CIDR block in hexadecimal groups (no embedded IPv4, no zone). */
function isIpv6(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/')
  if (rest.length > 0 || (prefix !== undefined && !/^(12[0-8]|1[01]\d|[1-9]?\d)$/.test(prefix))) return false
  const halves = address.split('::')
  if (halves.length > 2) return false
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')))
  if (!groups.every((g) => g.every((part) => HEX_GROUP.test(part)))) return false
  const count = groups.reduce((n, g) => n + g.length, 0)
  return halves.length === 2 ? count <= 7 : count === 8
}

const ipv4 = z.string().regex(IPV4, 'must be an IPv4 address or CIDR block')
const ipv6 = z.string().refine(isIpv6, 'must be an IPv6 address or CIDR block')
/** A URI (RFC 3986): a scheme, a colon, no white space. */
export const Uri = z.string().regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/, 'must be a URI (RFC 3986)')
const domain = z.string().regex(/^[^\s/:@]+$/, 'must be a domain name')
const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an e-mail address without a display name')
const anySco = refTo(...SCO_TYPES)
const sco = <S extends z.ZodRawShape>(shape: S) => z.object({ ...scoCommonShape, ...shape })

// §6.13: the hive is written out in full (HKEY_LOCAL_MACHINE, never HKLM).
const REGISTRY_KEY =
  /^(HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_CURRENT_CONFIG|HKEY_PERFORMANCE_DATA|HKEY_USERS|HKEY_DYN_DATA)(\\|$)/i
const REGISTRY_DATA_TYPE = z.enum([
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_DWORD_LITTLE_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTION',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
  'REG_INVALID_TYPE',
])

// §6.6.2: a MIME part holds exactly one of body and body_raw_ref.
const MimePart = closedObject({
  body: text.optional(),
  body_raw_ref: refTo('artifact', 'file').optional(),
  content_type: text.optional(),
  content_disposition: text.optional(),
}).refine((p) => (p.body === undefined) !== (p.body_raw_ref === undefined), 'a MIME part has exactly one of body and body_raw_ref')

// §6.6: header fields not already properties, each a string or a list of strings.
const HeaderFields = Dictionary.pipe(z.record(z.string(), z.union([text, nonEmptyList(text)])))

/** The schema of each of the 18 SCO types (STIX 2.1 §6). */
export const SCO_SCHEMAS = {
  artifact: sco({
    mime_type: text.optional(),
    payload_bin: Binary.optional(),
    url: Uri.optional(),
    hashes: Hashes.optional(),
    encryption_algorithm: z.enum(['AES-256-GCM', 'ChaCha20-Poly1305', 'mime-type-indicated']).optional(),
    decryption_key: text.optional(),
  }),
  'autonomous-system': sco({ number: int.min(0).max(4_294_967_295), name: text.optional(), rir: text.optional() }),
  directory: sco({
    path: text,
    path_enc: z
      .string()
      .regex(/^[a-zA-Z0-9/.+_:-]{2,250}$/, 'must be a character set name (IANA)')
      .optional(),
    ctime: StixTimestamp.optional(),
    mtime: StixTimestamp.optional(),
    atime: StixTimestamp.optional(),
    contains_refs: nonEmptyList(refTo('file', 'directory')).optional(),
  }),
  'domain-name': sco({ value: domain, resolves_to_refs: nonEmptyList(refTo('ipv4-addr', 'ipv6-addr', 'domain-name')).optional() }),
  'email-addr': sco({ value: email, display_name: text.optional(), belongs_to_ref: refTo('user-account').optional() }),
  'email-message': sco({
    is_multipart: z.boolean(),
    date: StixTimestamp.optional(),
    content_type: text.optional(),
    from_ref: refTo('email-addr').optional(),
    sender_ref: refTo('email-addr').optional(),
    to_refs: nonEmptyList(refTo('email-addr')).optional(),
    cc_refs: nonEmptyList(refTo('email-addr')).optional(),
    bcc_refs: nonEmptyList(refTo('email-addr')).optional(),
    message_id: text.optional(),
    subject: text.optional(),
    received_lines: strings.optional(),
    additional_header_fields: HeaderFields.optional(),
    body: text.optional(),
    body_multipart: nonEmptyList(MimePart).optional(),
    raw_email_ref: refTo('artifact').optional(),
  }),
  file: sco({
    extensions: SCO_EXTENSIONS.file.optional(),
    hashes: Hashes.optional(),
    size: int.min(0).optional(),
    name: text.optional(),
    name_enc: z
      .string()
      .regex(/^[a-zA-Z0-9/.+_:-]{2,250}$/, 'must be a character set name (IANA)')
      .optional(),
    magic_number_hex: Hex.optional(),
    mime_type: text.optional(),
    ctime: StixTimestamp.optional(),
    mtime: StixTimestamp.optional(),
    atime: StixTimestamp.optional(),
    parent_directory_ref: refTo('directory').optional(),
    contains_refs: nonEmptyList(anySco).optional(),
    content_ref: refTo('artifact').optional(),
  }),
  'ipv4-addr': sco({
    value: ipv4,
    resolves_to_refs: nonEmptyList(refTo('mac-addr')).optional(),
    belongs_to_refs: nonEmptyList(refTo('autonomous-system')).optional(),
  }),
  'ipv6-addr': sco({
    value: ipv6,
    resolves_to_refs: nonEmptyList(refTo('mac-addr')).optional(),
    belongs_to_refs: nonEmptyList(refTo('autonomous-system')).optional(),
  }),
  'mac-addr': sco({ value: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, 'must be a MAC address, lowercase, colon-separated') }),
  mutex: sco({ name: text }),
  'network-traffic': sco({
    extensions: SCO_EXTENSIONS['network-traffic'].optional(),
    start: StixTimestamp.optional(),
    end: StixTimestamp.optional(),
    is_active: z.boolean().optional(),
    src_ref: refTo('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name').optional(),
    dst_ref: refTo('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name').optional(),
    src_port: int.min(0).max(65535).optional(),
    dst_port: int.min(0).max(65535).optional(),
    protocols: strings,
    src_byte_count: int.min(0).optional(),
    dst_byte_count: int.min(0).optional(),
    src_packets: int.min(0).optional(),
    dst_packets: int.min(0).optional(),
    ipfix: Dictionary.pipe(z.record(z.string(), z.union([text, int]))).optional(),
    src_payload_ref: refTo('artifact').optional(),
    dst_payload_ref: refTo('artifact').optional(),
    encapsulates_refs: nonEmptyList(refTo('network-traffic')).optional(),
    encapsulated_by_ref: refTo('network-traffic').optional(),
  }),
  process: sco({
    extensions: SCO_EXTENSIONS.process.optional(),
    is_hidden: z.boolean().optional(),
    pid: int.optional(),
    created_time: StixTimestamp.optional(),
    cwd: text.optional(),
    command_line: text.optional(),
    environment_variables: Dictionary.optional(),
    opened_connection_refs: nonEmptyList(refTo('network-traffic')).optional(),
    creator_user_ref: refTo('user-account').optional(),
    image_ref: refTo('file').optional(),
    parent_ref: refTo('process').optional(),
    child_refs: nonEmptyList(refTo('process')).optional(),
  }),
  software: sco({
    name: text,
    cpe: text.optional(),
    swid: text.optional(),
    // §6.14: ISO 639-2 codes (RFC 5646 tags as the OASIS schema allows).
    languages: nonEmptyList(
      z
        .string()
        .regex(
          /^([a-z]{2}(-[A-Z]{2})?(-[a-z]{4})?(-[A-Z]{2}|[0-9]{3})?(-[a-z0-9]{5,8}|[0-9][a-z0-9]{3})*(-[a-z0-9]{1,8})*|[a-z]{3})$/,
          'must be a language code such as eng',
        ),
    ).optional(),
    vendor: text.optional(),
    version: text.optional(),
  }),
  url: sco({ value: Uri }),
  'user-account': sco({
    extensions: SCO_EXTENSIONS['user-account'].optional(),
    user_id: text.optional(),
    credential: text.optional(),
    account_login: text.optional(),
    account_type: text.optional(),
    display_name: text.optional(),
    is_service_account: z.boolean().optional(),
    is_privileged: z.boolean().optional(),
    can_escalate_privs: z.boolean().optional(),
    is_disabled: z.boolean().optional(),
    account_created: StixTimestamp.optional(),
    account_expires: StixTimestamp.optional(),
    credential_last_changed: StixTimestamp.optional(),
    account_first_login: StixTimestamp.optional(),
    account_last_login: StixTimestamp.optional(),
  }),
  'windows-registry-key': sco({
    key: z.string().regex(REGISTRY_KEY, 'must start with the full hive name (HKEY_LOCAL_MACHINE, not HKLM)').optional(),
    values: nonEmptyList(
      closedObject({ name: text.optional(), data: text.optional(), data_type: REGISTRY_DATA_TYPE.optional() }).refine(
        (v) => v.name !== undefined || v.data !== undefined || v.data_type !== undefined,
        'a registry value needs name, data or data_type',
      ),
    ).optional(),
    modified_time: StixTimestamp.optional(),
    creator_user_ref: refTo('user-account').optional(),
    number_of_subkeys: int.min(0).optional(),
  }),
  'x509-certificate': sco({
    is_self_signed: z.boolean().optional(),
    hashes: Hashes.optional(),
    version: text.optional(),
    serial_number: text.optional(),
    signature_algorithm: text.optional(),
    issuer: text.optional(),
    validity_not_before: StixTimestamp.optional(),
    validity_not_after: StixTimestamp.optional(),
    subject: text.optional(),
    subject_public_key_algorithm: text.optional(),
    subject_public_key_modulus: text.optional(),
    subject_public_key_exponent: int.optional(),
    x509_v3_extensions: nonEmptyObject({
      basic_constraints: text.optional(),
      name_constraints: text.optional(),
      policy_constraints: text.optional(),
      key_usage: text.optional(),
      extended_key_usage: text.optional(),
      subject_key_identifier: text.optional(),
      authority_key_identifier: text.optional(),
      subject_alternative_name: text.optional(),
      issuer_alternative_name: text.optional(),
      subject_directory_attributes: text.optional(),
      crl_distribution_points: text.optional(),
      inhibit_any_policy: text.optional(),
      private_key_usage_period_not_before: StixTimestamp.optional(),
      private_key_usage_period_not_after: StixTimestamp.optional(),
      certificate_policies: text.optional(),
      policy_mappings: text.optional(),
    }).optional(),
  }),
} as const satisfies Record<ScoType, z.ZodObject>
