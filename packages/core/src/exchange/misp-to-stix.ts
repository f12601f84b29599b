import type { MispAttribute, MispEvent, StixObject, Tlp } from '@vigil/contracts'
import { VIGIL_ID_NAMESPACE } from './network-bundle.js'
import { scoId, uuidV5 } from './sco-id.js'
import { strictestTlp, TLP2_MARKING_IDS } from './tlp.js'

// MISP's tlp:* tags (TLP 1.0 and 2.0 names) as TLP 2.0 levels.
const TLP_TAGS: Readonly<Record<string, Tlp>> = {
  'tlp:white': 'clear',
  'tlp:clear': 'clear',
  'tlp:green': 'green',
  'tlp:amber': 'amber',
  'tlp:amber+strict': 'amber+strict',
  'tlp:red': 'red',
}

// The nearest TLP to each MISP distribution level (0 your organisation only, 1 this
// community, 2 connected communities, 3 all communities, 4 a sharing group).
const DISTRIBUTION_TLP: Readonly<Record<number, Tlp>> = { 0: 'amber+strict', 1: 'green', 2: 'green', 3: 'clear', 4: 'amber' }

/** What `mispEventToStix` produced: the objects, and the TLP the event itself resolved to. */
export interface MispConversion {
  readonly objects: readonly StixObject[]
  readonly tlp: Tlp
  /** Attributes of types Vigil has no observable for, kept as notes. */
  readonly unmapped: number
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function tlpOf(tags: readonly { name: string }[] | undefined, distribution: number | undefined, inherited: Tlp): Tlp {
  const tagged = strictestTlp((tags ?? []).map((t) => TLP_TAGS[t.name.trim().toLowerCase()]))
  const distributed = distribution === undefined || distribution === 5 ? undefined : DISTRIBUTION_TLP[distribution]
  // Markings only narrow: the strictest of what the tags and the distribution say.
  return strictestTlp([tagged ?? inherited, distributed]) ?? inherited
}

function sco(type: string, properties: Record<string, unknown>): StixObject {
  const draft = { type, id: '', ...properties } as StixObject
  return { type, spec_version: '2.1', id: scoId(draft) ?? '', ...properties }
}

/** The observables a MISP attribute type stands for (`domain|ip` is two). */
function observablesOf(a: MispAttribute): StixObject[] {
  const ip = (v: string) => sco(v.includes(':') ? 'ipv6-addr' : 'ipv4-addr', { value: v })
  const [left = '', right = ''] = a.value.split('|')
  switch (a.type) {
    case 'url':
    case 'uri':
    case 'link':
      return [sco('url', { value: a.value })]
    case 'domain':
    case 'hostname':
      return [sco('domain-name', { value: a.value.toLowerCase() })]
    case 'domain|ip':
    case 'hostname|port':
      return a.type === 'domain|ip'
        ? [sco('domain-name', { value: left.toLowerCase() }), ip(right)]
        : [sco('domain-name', { value: left.toLowerCase() })]
    case 'ip-src':
    case 'ip-dst':
      return [ip(a.value)]
    case 'ip-src|port':
    case 'ip-dst|port':
      return [ip(left)]
    case 'email':
    case 'email-src':
    case 'email-dst':
      return [sco('email-addr', { value: a.value })]
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return [sco('file', { hashes: { [a.type === 'md5' ? 'MD5' : `SHA-${a.type.slice(3)}`]: a.value } })]
    case 'filename':
      return [sco('file', { name: a.value })]
    case 'twitter-id':
      return [sco('user-account', { account_type: 'twitter', user_id: a.value })]
    case 'github-username':
      return [sco('user-account', { account_type: 'github', account_login: a.value })]
    default:
      return []
  }
}

const quote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`

/** A STIX pattern matching the observable, for attributes MISP flags `to_ids`. */
function patternOf(o: StixObject): string | undefined {
  if (o.type === 'user-account')
    return `[user-account:account_type = ${quote(String(o.account_type))} AND user-account:user_id = ${quote(String(o.user_id ?? o.account_login))}]`
  if (o.type === 'file') {
    const [algorithm, value] = Object.entries((o.hashes ?? {}) as Record<string, string>)[0] ?? []
    return algorithm ? `[file:hashes.${quote(algorithm)} = ${quote(String(value))}]` : `[file:name = ${quote(String(o.name))}]`
  }
  return typeof o.value === 'string' ? `[${o.type}:value = ${quote(o.value)}]` : undefined
}

/**
 * A MISP event as STIX 2.1: a `report` for the event (its tags as labels), an `identity`
 * for its creating organisation, and for each attribute its observable(s) with an
 * `indicator` when MISP flags it for detection (`to_ids`), else an `observed-data`;
 * `*-account` objects become one `user-account` each; attributes of other types become
 * `note`s. `tlp:*` tags become TLP 2.0 markings, and the distribution its nearest TLP; the
 * stricter of the two marks each object. Ids derive from the MISP uuids, so a re-import
 * adds versions rather than copies.
 *
 * @example
 * const { objects, tlp } = mispEventToStix(MispEventFile.parse(json).Event)
 */
export function mispEventToStix(event: MispEvent): MispConversion {
  const eventTlp = tlpOf(event.Tag, event.distribution, 'amber')
  const stamp = new Date((event.timestamp ?? Date.parse(`${event.date}T00:00:00Z`) / 1000) * 1000).toISOString()
  const idFor = (type: string, key: string) =>
    `${type}--${UUID.test(key) ? key : uuidV5(VIGIL_ID_NAMESPACE, `misp\n${event.uuid}\n${key}`)}`
  const author = event.Orgc
    ? {
        type: 'identity',
        spec_version: '2.1',
        id: idFor('identity', event.Orgc.uuid ?? event.Orgc.name),
        created: stamp,
        modified: stamp,
        name: event.Orgc.name,
        identity_class: 'organization',
      }
    : undefined
  const sdo = (type: string, key: string, tlp: Tlp, props: Record<string, unknown>): StixObject => ({
    type,
    spec_version: '2.1',
    id: idFor(type, key),
    ...(author ? { created_by_ref: author.id } : {}),
    created: stamp,
    modified: stamp,
    object_marking_refs: [TLP2_MARKING_IDS[tlp]],
    ...props,
  })
  const objects = new Map<string, StixObject>()
  // The same observable from two attributes is one object; the first attribute's marking stays.
  const add = (o: StixObject) => {
    if (!objects.has(o.id)) objects.set(o.id, o)
  }
  let unmapped = 0
  const attributeObjects = (a: MispAttribute, inherited: Tlp, key: string, given?: StixObject[]) => {
    const tlp = tlpOf(a.Tag, a.distribution, inherited)
    const when = a.timestamp ? new Date(a.timestamp * 1000).toISOString().replace('.000Z', 'Z') : stamp
    const scos = given ?? observablesOf(a)
    if (scos.length === 0) {
      unmapped++
      return add(
        sdo('note', key, tlp, {
          abstract: `MISP ${a.category ?? 'attribute'}: ${a.type}`,
          content: a.value,
          object_refs: [idFor('report', event.uuid)],
        }),
      )
    }
    for (const s of scos) add({ ...s, object_marking_refs: [TLP2_MARKING_IDS[tlp]] })
    const toIds = a.to_ids === true || a.to_ids === '1' || a.to_ids === 'true'
    const pattern = scos
      .map(patternOf)
      .filter((p): p is string => p !== undefined)
      .join(' OR ')
    if (toIds && pattern) {
      add(
        sdo('indicator', key, tlp, {
          name: `${a.type}: ${a.value}`,
          pattern,
          pattern_type: 'stix',
          valid_from: when,
          ...(a.comment ? { description: a.comment } : {}),
        }),
      )
    } else {
      add(
        sdo('observed-data', key, tlp, {
          first_observed: when,
          last_observed: when,
          number_observed: 1,
          object_refs: scos.map((s) => s.id),
        }),
      )
    }
  }
  for (const a of event.Attribute) attributeObjects(a, eventTlp, a.uuid ?? `${a.type}|${a.value}`)
  for (const o of event.Object) {
    const objectTlp = tlpOf(undefined, o.distribution, eventTlp)
    const platform = /^([a-z0-9-]+)-account$/.exec(o.name)?.[1]
    if (platform) {
      const by = (...relations: string[]) => o.Attribute.find((a) => relations.includes(a.object_relation ?? ''))?.value
      const id = by('id', 'user-id', 'account-id')
      const login = by('name', 'username', 'user-name', 'account-name')
      const display = by('displayed-name', 'display-name')
      if (id || login) {
        const account = sco('user-account', {
          account_type: platform,
          ...(id ? { user_id: id } : {}),
          ...(login ? { account_login: login } : {}),
          ...(display ? { display_name: display } : {}),
        })
        attributeObjects(
          { type: o.name, value: id ?? login ?? '', Tag: [], distribution: o.distribution },
          eventTlp,
          o.uuid ?? `${o.name}|${id ?? login}`,
          [account],
        )
        continue
      }
    }
    for (const a of o.Attribute) attributeObjects(a, objectTlp, a.uuid ?? `${o.name}|${a.type}|${a.value}`)
  }
  const labels = (event.Tag ?? []).map((t) => t.name).filter((n) => TLP_TAGS[n.trim().toLowerCase()] === undefined)
  const report = sdo('report', event.uuid, eventTlp, {
    name: event.info,
    published: stamp.replace('.000Z', 'Z'),
    report_types: ['threat-report'],
    object_refs: objects.size > 0 ? [...objects.keys()] : [author?.id ?? idFor('identity', 'unknown')],
    ...(labels.length ? { labels } : {}),
    external_references: [{ source_name: 'misp', external_id: event.uuid }],
  })
  return {
    objects: [...(author ? [{ ...author, object_marking_refs: [TLP2_MARKING_IDS[eventTlp]] }] : []), report, ...objects.values()],
    tlp: eventTlp,
    unmapped,
  }
}
