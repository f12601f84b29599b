import { z } from 'zod'
import {
  ExternalReference,
  Hashes,
  KillChainPhase,
  nonEmptyList,
  refNotTo,
  refTo,
  StixId,
  StixTimestamp,
  StixTimestampMs,
  scoCommonShape,
  sdoCommonShape,
} from './stix-common.js'

const text = z.string()
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
const uri = z.string().regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/, 'must be a URI (RFC 3986)')
const domain = z.string().regex(/^[^\s/:@]+$/, 'must be a domain name')
const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an e-mail address without a display name')
const strings = z.array(z.string())
const killChain = nonEmptyList(KillChainPhase).optional()
const objectRefs = nonEmptyList(StixId)
const SRO_AND_META = ['relationship', 'sighting', 'marking-definition', 'language-content', 'extension-definition', 'bundle']

// One shape per STIX 2.1 type that Vigil models (§4 SDOs, §5 SROs, §6 SCOs, §7 marking
// definitions). Properties not listed here must be custom (`x_…`) or go in `extensions`.
const sdo = (shape: z.ZodRawShape) => z.object({ ...sdoCommonShape, ...shape })
const sco = (shape: z.ZodRawShape) => z.object({ ...scoCommonShape, ...shape })

/** The schema of each STIX type Vigil models, keyed by type name. */
export const STIX_TYPE_SCHEMAS = {
  'attack-pattern': sdo({ name: text, description: text.optional(), aliases: strings.optional(), kill_chain_phases: killChain }),
  campaign: sdo({
    name: text,
    description: text.optional(),
    aliases: strings.optional(),
    first_seen: StixTimestamp.optional(),
    last_seen: StixTimestamp.optional(),
    objective: text.optional(),
  }),
  'course-of-action': sdo({ name: text, description: text.optional(), action: z.never().optional() }),
  grouping: sdo({ name: text.optional(), description: text.optional(), context: text, object_refs: objectRefs }),
  identity: sdo({
    name: text,
    description: text.optional(),
    roles: strings.optional(),
    identity_class: text.optional(),
    sectors: strings.optional(),
    contact_information: text.optional(),
  }),
  incident: sdo({ name: text, description: text.optional(), kill_chain_phases: killChain }),
  indicator: sdo({
    name: text.optional(),
    description: text.optional(),
    indicator_types: strings.optional(),
    pattern: text,
    pattern_type: text,
    pattern_version: text.optional(),
    valid_from: StixTimestamp,
    valid_until: StixTimestamp.optional(),
    kill_chain_phases: killChain,
  }),
  infrastructure: sdo({
    name: text,
    description: text.optional(),
    infrastructure_types: strings.optional(),
    aliases: strings.optional(),
    kill_chain_phases: killChain,
    first_seen: StixTimestamp.optional(),
    last_seen: StixTimestamp.optional(),
  }),
  'intrusion-set': sdo({
    name: text,
    description: text.optional(),
    aliases: strings.optional(),
    first_seen: StixTimestamp.optional(),
    last_seen: StixTimestamp.optional(),
    goals: strings.optional(),
    resource_level: text.optional(),
    primary_motivation: text.optional(),
    secondary_motivations: strings.optional(),
  }),
  location: sdo({
    name: text.optional(),
    description: text.optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    precision: z.number().optional(),
    region: text.optional(),
    country: text.optional(),
    administrative_area: text.optional(),
    city: text.optional(),
    street_address: text.optional(),
    postal_code: text.optional(),
  }),
  malware: sdo({
    name: text.optional(),
    description: text.optional(),
    malware_types: strings.optional(),
    is_family: z.boolean(),
    aliases: strings.optional(),
    kill_chain_phases: killChain,
    first_seen: StixTimestamp.optional(),
    last_seen: StixTimestamp.optional(),
    operating_system_refs: nonEmptyList(refTo('software')).optional(),
    architecture_execution_envs: strings.optional(),
    implementation_languages: strings.optional(),
    capabilities: strings.optional(),
    sample_refs: nonEmptyList(refTo('file', 'artifact')).optional(),
  }),
  note: sdo({ abstract: text.optional(), content: text, authors: strings.optional(), object_refs: objectRefs }),
  'observed-data': sdo({
    first_observed: StixTimestamp,
    last_observed: StixTimestamp,
    number_observed: z.int().min(1).max(999_999_999),
    object_refs: objectRefs,
  }),
  opinion: sdo({
    explanation: text.optional(),
    authors: strings.optional(),
    opinion: z.enum(['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree']),
    object_refs: objectRefs,
  }),
  report: sdo({
    name: text,
    description: text.optional(),
    report_types: strings.optional(),
    published: StixTimestamp,
    object_refs: objectRefs,
  }),
  'threat-actor': sdo({
    name: text,
    description: text.optional(),
    threat_actor_types: strings.optional(),
    aliases: strings.optional(),
    first_seen: StixTimestamp.optional(),
    last_seen: StixTimestamp.optional(),
    roles: strings.optional(),
    goals: strings.optional(),
    sophistication: text.optional(),
    resource_level: text.optional(),
    primary_motivation: text.optional(),
    secondary_motivations: strings.optional(),
    personal_motivations: strings.optional(),
  }),
  tool: sdo({
    name: text,
    description: text.optional(),
    tool_types: strings.optional(),
    aliases: strings.optional(),
    kill_chain_phases: killChain,
    tool_version: text.optional(),
  }),
  vulnerability: sdo({ name: text, description: text.optional() }),
  relationship: sdo({
    relationship_type: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and hyphens'),
    description: text.optional(),
    source_ref: refNotTo(...SRO_AND_META),
    target_ref: refNotTo(...SRO_AND_META),
    start_time: StixTimestamp.optional(),
    stop_time: StixTimestamp.optional(),
  }),
  sighting: sdo({
    description: text.optional(),
    first_seen: StixTimestamp.optional(),
    last_seen: StixTimestamp.optional(),
    count: z.int().min(0).max(999_999_999).optional(),
    sighting_of_ref: refNotTo(...SRO_AND_META),
    observed_data_refs: nonEmptyList(refTo('observed-data')).optional(),
    where_sighted_refs: nonEmptyList(refTo('identity', 'location')).optional(),
    summary: z.boolean().optional(),
  }),
  'extension-definition': sdo({
    name: text,
    description: text.optional(),
    schema: text,
    version: text,
    extension_types: nonEmptyList(z.enum(['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'])),
    extension_properties: strings.optional(),
  }),
  'marking-definition': z.object({
    type: z.literal('marking-definition'),
    spec_version: z.literal('2.1'),
    id: StixId,
    created_by_ref: refTo('identity').optional(),
    created: StixTimestampMs,
    name: text.optional(),
    definition_type: text.optional(),
    definition: z.record(z.string(), z.unknown()).optional(),
    external_references: nonEmptyList(ExternalReference).optional(),
    object_marking_refs: sdoCommonShape.object_marking_refs,
    granular_markings: sdoCommonShape.granular_markings,
    extensions: sdoCommonShape.extensions,
  }),
  'user-account': sco({
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
  url: sco({ value: uri }),
  'domain-name': sco({ value: domain, resolves_to_refs: z.array(refTo('ipv4-addr', 'ipv6-addr', 'domain-name')).optional() }),
  'email-addr': sco({ value: email, display_name: text.optional(), belongs_to_ref: refTo('user-account').optional() }),
  'ipv4-addr': sco({
    value: ipv4,
    resolves_to_refs: z.array(refTo('mac-addr')).optional(),
    belongs_to_refs: z.array(refTo('autonomous-system')).optional(),
  }),
  'ipv6-addr': sco({
    value: ipv6,
    resolves_to_refs: z.array(refTo('mac-addr')).optional(),
    belongs_to_refs: z.array(refTo('autonomous-system')).optional(),
  }),
  file: sco({
    hashes: Hashes.optional(),
    size: z.int().min(0).optional(),
    name: text.optional(),
    name_enc: z
      .string()
      .regex(/^[a-zA-Z0-9/.+_:-]{2,250}$/)
      .optional(),
    magic_number_hex: z
      .string()
      .regex(/^([a-fA-F0-9]{2})+$/)
      .optional(),
    mime_type: text.optional(),
    ctime: StixTimestamp.optional(),
    mtime: StixTimestamp.optional(),
    atime: StixTimestamp.optional(),
    parent_directory_ref: refTo('directory').optional(),
    contains_refs: z.array(StixId).optional(),
    content_ref: refTo('artifact').optional(),
  }),
} as const satisfies Record<string, z.ZodObject>

/** A STIX type Vigil models in full. */
export type ModelledStixType = keyof typeof STIX_TYPE_SCHEMAS

/** The SCO types Vigil models, whose ids are UUIDv5 of their id-contributing properties. */
export const SCO_TYPES = ['user-account', 'url', 'domain-name', 'email-addr', 'ipv4-addr', 'ipv6-addr', 'file'] as const

/**
 * Types of the STIX 2.1 specification that Vigil does not model: refused rather than
 * accepted unchecked (custom types, which the specification does not define, are kept).
 */
export const UNMODELLED_SPEC_TYPES: ReadonlySet<string> = new Set([
  'malware-analysis',
  'language-content',
  'artifact',
  'autonomous-system',
  'directory',
  'email-message',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'windows-registry-key',
  'x509-certificate',
  'bundle',
])
