import type { DetectedNetwork, NetworksFile, StixObject, Tlp } from '@vigil/contracts'
import { domainOf } from '../detect/normalise-url.js'
import { proposedTechniques } from './disarm-mapping.js'
import { scoId, uuidV5 } from './sco-id.js'
import { TLP2_MARKING_IDS } from './tlp.js'

/** The namespace of the deterministic ids Vigil gives the objects it derives from detection. */
export const VIGIL_ID_NAMESPACE = '6f1c3c2e-5b0a-5d7e-9c41-0a8f2e7b9d13'

/** How `buildNetworkBundle` marks and names what it writes. */
export interface NetworkBundleOptions {
  /** The TLP of every object (AMBER unless chosen). */
  readonly tlp?: Tlp
  /** `created` and `modified` of the objects written. */
  readonly now: Date
  /** The STIX `account_type` of the accounts (e.g. `twitter`); from the input format when omitted. */
  readonly platform?: string
}

/** A STIX 2.1 bundle as `buildNetworkBundle` writes it. */
export interface NetworkBundle {
  readonly type: 'bundle'
  readonly id: string
  readonly objects: readonly StixObject[]
}

// The TLP 2.0 marking definitions as OASIS publishes them (standards/tlp2.0).
const TLP_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'

function tlpMarking(tlp: Tlp): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp.toUpperCase()}`,
    extensions: { [TLP_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: tlp } },
  }
}

// The dumps `vigil detect` reads by header are all X/Twitter exports.
function platformOf(file: NetworksFile, platform: string | undefined): string | undefined {
  if (platform !== undefined) return platform.toLowerCase()
  return file.run.format === 'generic' ? undefined : 'twitter'
}

const isUri = (s: string) => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/.test(s)
const isDomain = (s: string) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(s)

/**
 * A network as STIX 2.1 objects: a `grouping` (context `suspicious-activity`), a
 * `user-account` per member, `url` and `domain-name` observables from the link and domain
 * evidence, a `related-to` relationship per account pair with its signal weights, an
 * `observed-data` per evidence object, and a `uses` relationship to each DISARM technique its
 * signals propose (confidence 50, for an analyst to confirm).
 */
function networkObjects(network: DetectedNetwork, platform: string | undefined, common: Record<string, unknown>): StixObject[] {
  const account = (id: string): StixObject => {
    const draft = { type: 'user-account', id: '', user_id: id, ...(platform ? { account_type: platform } : {}) }
    return { ...draft, spec_version: '2.1', id: scoId(draft as StixObject) ?? '' }
  }
  const accounts = new Map(network.members.map((m) => [m, account(m)]))
  const scos = new Map<string, StixObject>()
  const addSco = (type: 'url' | 'domain-name', value: string): string => {
    const draft = { type, id: '', value } as StixObject
    const id = scoId(draft) ?? ''
    scos.set(id, { type, spec_version: '2.1', id, value })
    return id
  }
  const key = [...network.members].sort().join('\n')
  const sdoId = (type: string, name: string) => `${type}--${uuidV5(VIGIL_ID_NAMESPACE, `${platform ?? ''}\n${key}\n${name}`)}`
  const refsOf = (ids: readonly string[]) => ids.map((m) => accounts.get(m)?.id ?? '')
  const objects: StixObject[] = []
  for (const e of network.evidence) {
    const refs = refsOf(e.accounts)
    if (e.signal === 'co-link' && isUri(e.object)) {
      refs.push(addSco('url', e.object))
      const domain = domainOf(e.object)
      if (domain && isDomain(domain)) refs.push(addSco('domain-name', domain))
    }
    if (e.signal === 'co-domain' && isDomain(e.object)) refs.push(addSco('domain-name', e.object))
    objects.push({
      type: 'observed-data',
      id: sdoId('observed-data', `${e.signal}\n${e.object}\n${e.firstAt}\n${e.accounts.join(',')}`),
      ...common,
      first_observed: e.firstAt,
      last_observed: e.lastAt,
      number_observed: e.posts,
      object_refs: refs,
      x_vigil_signal: e.signal,
      x_vigil_shared_object: e.object,
    })
  }
  for (const edge of network.edges) {
    objects.push({
      type: 'relationship',
      id: sdoId('relationship', `edge\n${edge.a}\n${edge.b}`),
      ...common,
      relationship_type: 'related-to',
      source_ref: accounts.get(edge.a)?.id ?? '',
      target_ref: accounts.get(edge.b)?.id ?? '',
      description: `coordinated: ${Object.entries(edge.signals)
        .map(([s, w]) => `${s} ${w}`)
        .join(', ')}`,
      x_vigil_weight: edge.weight,
    })
  }
  const groupingId = sdoId('grouping', 'grouping')
  for (const t of proposedTechniques(network.signals)) {
    objects.push({
      type: 'relationship',
      id: sdoId('relationship', `technique\n${t.disarmId}`),
      ...common,
      relationship_type: 'uses',
      source_ref: groupingId,
      target_ref: t.stixId,
      confidence: 50,
      description: `proposed by detection (${t.disarmId} ${t.name}); for an analyst to confirm`,
      x_vigil_proposed: true,
    })
  }
  const members = [...accounts.values()]
  const grouping: StixObject = {
    type: 'grouping',
    id: groupingId,
    ...common,
    name: `Coordinated network ${network.id} (${network.members.length} accounts)`,
    description: `Signals: ${network.signals.join(', ')}; score ${network.score.score}.`,
    context: 'suspicious-activity',
    object_refs: [...members.map((m) => m.id), ...scos.keys(), ...objects.map((o) => o.id)],
    x_vigil_score: network.score,
  }
  return [grouping, ...members, ...scos.values(), ...objects]
}

/**
 * The networks of a detection run as one STIX 2.1 bundle, every object marked with the
 * TLP (default AMBER) and the marking definition included. Ids are deterministic (UUIDv5 of
 * the SCO properties, of the members for the rest), so a rerun yields new versions of the
 * same objects; the proposed DISARM techniques are `uses` relationships to the DISARM
 * bundle's `attack-pattern` ids.
 *
 * @example
 * const bundle = buildNetworkBundle(NetworksFile.parse(json), { now: new Date(), tlp: 'green' })
 */
export function buildNetworkBundle(file: NetworksFile, options: NetworkBundleOptions): NetworkBundle {
  const tlp = options.tlp ?? 'amber'
  const stamp = options.now.toISOString()
  const common = { spec_version: '2.1', created: stamp, modified: stamp, object_marking_refs: [TLP2_MARKING_IDS[tlp]] }
  const platform = platformOf(file, options.platform)
  const byId = new Map<string, StixObject>()
  for (const network of file.networks) {
    for (const o of networkObjects(network, platform, common)) {
      const marked = o.spec_version === '2.1' && !('created' in o) ? { ...o, object_marking_refs: common.object_marking_refs } : o
      if (!byId.has(o.id)) byId.set(o.id, marked)
    }
  }
  const objects = [tlpMarking(tlp), ...byId.values()]
  const id = `bundle--${uuidV5(VIGIL_ID_NAMESPACE, `bundle\n${stamp}\n${[...byId.keys()].join('\n')}`)}`
  return { type: 'bundle', id, objects }
}
