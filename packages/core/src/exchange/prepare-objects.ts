import { type IngestFailure, StixId, type StixObject, type Tlp } from '@vigil/contracts'
import { checkStixObject } from './check-stix-object.js'
import { effectiveTlp, markingRefsOf, markingResolver, tlpOfMarking } from './tlp.js'

/** An accepted object with the columns the store indexes it by. */
export interface PreparedObject {
  readonly object: StixObject
  /** The bundle position it came from. */
  readonly index: number
  /** `modified`, else `created`, else the epoch: what versions are kept by. */
  readonly version: string
  readonly revoked: boolean
  readonly tlp: Tlp
  readonly tlpSource: 'object' | 'default'
  /** Relationship source and target, or a sighting's `sighting_of_ref` as target. */
  readonly sourceRef: string | null
  readonly targetRef: string | null
  /** An SCO's value as observables are matched (lowercase for names and addresses). */
  readonly observable: string | null
  /** Names and descriptions, lowercased, for free-text search. */
  readonly searchText: string
}

/** What an import or upload accepts and what it refuses, object by object. */
export interface PreparedBundle {
  readonly accepted: readonly PreparedObject[]
  readonly failures: readonly IngestFailure[]
}

const EPOCH = '1970-01-01T00:00:00.000Z'
// `user_id` too: lists name an account by it (a detected network's accounts carry no login), so
// the text search must find what the list shows.
const TEXT_PROPERTIES = [
  'name',
  'description',
  'abstract',
  'content',
  'explanation',
  'value',
  'display_name',
  'account_login',
  'user_id',
  'aliases',
]
const CASE_INSENSITIVE = new Set(['domain-name', 'email-addr', 'ipv6-addr', 'mac-addr'])
// The property that names an SCO when someone searches for it (the rest use `value`).
const NAMING_PROPERTY: Readonly<Record<string, string>> = {
  file: 'name',
  mutex: 'name',
  software: 'name',
  directory: 'path',
  'windows-registry-key': 'key',
  'x509-certificate': 'serial_number',
  'email-message': 'message_id',
  'autonomous-system': 'number',
}

function observableOf(o: StixObject): string | null {
  const raw = o.type === 'user-account' ? (o.account_login ?? o.user_id) : o[NAMING_PROPERTY[o.type] ?? 'value']
  const value = typeof raw === 'number' ? String(raw) : raw
  if (typeof value !== 'string') return null
  return CASE_INSENSITIVE.has(o.type) ? value.toLowerCase() : value
}

/** The external ids an object is known by (DISARM's `T0049`, a CVE, a MITRE id), searchable like its name. */
function externalIdsOf(o: StixObject): string[] {
  const refs = Array.isArray(o.external_references) ? (o.external_references as unknown[]) : []
  return refs.flatMap((r) => {
    const id = typeof r === 'object' && r !== null ? (r as { external_id?: unknown }).external_id : undefined
    return typeof id === 'string' ? [id] : []
  })
}

function searchTextOf(o: StixObject): string {
  return TEXT_PROPERTIES.flatMap((p) => {
    const v = o[p]
    return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  })
    .concat(externalIdsOf(o))
    .join(' ')
    .toLowerCase()
}

/**
 * The marking ids that values name beyond the standard TLP ids: the marking-definitions a
 * store looks up among those it holds before `prepareObjects`.
 *
 * @example
 * const ids = nonStandardMarkingRefs(bundle.objects) // ['marking-definition--…']
 */
export function nonStandardMarkingRefs(values: readonly unknown[]): string[] {
  const refs = values.flatMap((v) => (typeof v === 'object' && v !== null ? markingRefsOf(v) : []))
  // Only ids of marking-definition form can name a stored one; anything else (a NUL, a
  // lone surrogate, a 1 MB string) is never sent to the database, and stays unresolved.
  const lookable = (r: string) => r.startsWith('marking-definition--') && StixId.safeParse(r).success
  return [...new Set(refs.filter((r) => tlpOfMarking(r) === undefined && lookable(r)))]
}

/**
 * Checks each value of a bundle and prepares the valid ones for storage: their version,
 * effective TLP (the object's own, else `defaultTlp`, recorded beside it), references and
 * search text. Marking ids resolve through the standard TLP ids, the bundle's own valid
 * marking-definitions and `knownDefinitions` (those already stored); an object naming a
 * marking none of them resolves to a TLP level is refused, never stored under the default.
 * Invalid objects are reported with their index, id and every issue, so the valid ones can
 * still be stored (the TAXII status model).
 *
 * @example
 * const { accepted, failures } = prepareObjects(bundle.objects, 'amber', storedDefinitions)
 */
export function prepareObjects(values: readonly unknown[], defaultTlp: Tlp, knownDefinitions: readonly StixObject[] = []): PreparedBundle {
  const accepted: PreparedObject[] = []
  const failures: IngestFailure[] = []
  const checked = values.map(checkStixObject)
  const resolve = markingResolver([...checked.flatMap((r) => (r.ok ? [r.object] : [])), ...knownDefinitions])
  checked.forEach((result, index) => {
    if (!result.ok) {
      failures.push({ index, ...(result.id ? { id: result.id } : {}), issues: [...result.issues] })
      return
    }
    const o = result.object
    const effective = effectiveTlp(o, defaultTlp, resolve)
    if (!effective.ok) {
      const why = effective.reason === 'unknown' ? 'is not a marking-definition Vigil knows' : 'does not state one TLP level'
      failures.push({
        index,
        id: o.id,
        issues: [
          { path: effective.path, message: `marking ${effective.marking} ${why}; refused rather than stored under a wider marking` },
        ],
      })
      return
    }
    const { tlp, source } = effective
    const sighting = o.type === 'sighting'
    accepted.push({
      object: o,
      index,
      version: o.modified ?? o.created ?? EPOCH,
      revoked: o.revoked === true,
      tlp,
      tlpSource: source,
      sourceRef: o.type === 'relationship' ? String(o.source_ref) : null,
      targetRef: sighting ? String(o.sighting_of_ref) : o.type === 'relationship' ? String(o.target_ref) : null,
      observable: observableOf(o),
      searchText: searchTextOf(o),
    })
  })
  return { accepted, failures }
}
