import type { StixObject, Tlp } from '@vigil/contracts'

/** The official TLP 2.0 marking-definition ids (OASIS cti-stix-common-objects). */
export const TLP2_MARKING_IDS: Readonly<Record<Tlp, string>> = Object.freeze({
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
})

/** The TLP 2.0 extension (cti-stix-common-objects `extension-definition-specifications/tlp-2.0`). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'

// TLP 1.0 ids (STIX 2.1 §7.2.1.4) with their 2.0 meaning: WHITE became CLEAR.
const TLP1_MARKING_IDS: Readonly<Record<string, Tlp>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
}

const BY_ID: ReadonlyMap<string, Tlp> = new Map([
  ...Object.entries(TLP2_MARKING_IDS).map(([tlp, id]) => [id, tlp as Tlp] as const),
  ...Object.entries(TLP1_MARKING_IDS),
])

const RANK: Readonly<Record<Tlp, number>> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 }
const TLP1_LEVELS: Readonly<Record<string, Tlp>> = { white: 'clear', green: 'green', amber: 'amber', red: 'red' }

/**
 * The TLP level a standard marking-definition id stands for, TLP 1.0 ids mapped to 2.0;
 * undefined for any other id (see `markingResolver` for definitions with other ids).
 *
 * @example
 * tlpOfMarking('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9') // 'clear' (TLP 1.0 WHITE)
 */
export function tlpOfMarking(markingId: string): Tlp | undefined {
  return BY_ID.get(markingId)
}

/** The more restrictive of TLP levels; undefined for none. */
export function strictestTlp(levels: Iterable<Tlp | undefined>): Tlp | undefined {
  let strictest: Tlp | undefined
  for (const level of levels) if (level && (!strictest || RANK[level] > RANK[strictest])) strictest = level
  return strictest
}

/**
 * What a marking-definition states about TLP: a level, `none` (a statement or another
 * kind of marking, which does not limit access), or `unclear` when it speaks of TLP without
 * one level Vigil knows: a TLP 1.0 definition of another level, a `tlp_2_0` extension
 * without a known level, or the two forms disagreeing.
 */
export type MarkingMeaning = { readonly tlp: Tlp } | 'none' | 'unclear'

function tlpStatedBy(definition: StixObject): MarkingMeaning {
  const stated: (Tlp | undefined)[] = []
  if (definition.definition_type === 'tlp') {
    const level = (definition.definition as { tlp?: unknown } | undefined)?.tlp
    stated.push(typeof level === 'string' ? TLP1_LEVELS[level.toLowerCase()] : undefined)
  }
  const extension = (definition.extensions as Record<string, { tlp_2_0?: unknown }> | undefined)?.[TLP2_EXTENSION_ID]
  if (extension !== undefined) {
    const level = extension.tlp_2_0
    stated.push(typeof level === 'string' && level in RANK ? (level as Tlp) : undefined)
  }
  if (stated.length === 0) return 'none'
  const [first] = stated
  return first !== undefined && stated.every((s) => s === first) ? { tlp: first } : 'unclear'
}

/** Looks a marking-definition id up: its meaning, or undefined when Vigil does not know it. */
export type MarkingResolver = (markingId: string) => MarkingMeaning | undefined

/**
 * A resolver over the standard TLP ids and the given marking-definitions (those of the
 * bundle being stored, and those already stored that the writer may read). The standard ids
 * always mean their level, whatever a definition under them says. Several definitions under
 * one other id (posted by different organisations) resolve to the strictest level any states,
 * and to `unclear` if any is unclear: a second definition can narrow a marking, never widen it.
 *
 * @example
 * markingResolver([{ type: 'marking-definition', id, definition_type: 'tlp', definition: { tlp: 'red' } }])(id) // { tlp: 'red' }
 */
export function markingResolver(definitions: Iterable<StixObject>): MarkingResolver {
  const known = new Map<string, MarkingMeaning>()
  for (const d of definitions) {
    if (d.type !== 'marking-definition' || BY_ID.has(d.id)) continue
    const meaning = tlpStatedBy(d)
    const before = known.get(d.id)
    if (before === undefined || before === 'none' || meaning === 'unclear') known.set(d.id, meaning)
    else if (before !== 'unclear' && meaning !== 'none') known.set(d.id, { tlp: strictestTlp([before.tlp, meaning.tlp]) ?? meaning.tlp })
  }
  return (id) => {
    const standard = BY_ID.get(id)
    return standard ? { tlp: standard } : known.get(id)
  }
}

const STANDARD_ONLY = markingResolver([])

/** The marking ids an object's `object_marking_refs` and `granular_markings` name. */
export function markingRefsOf(object: { readonly object_marking_refs?: unknown; readonly granular_markings?: unknown }): string[] {
  const refs = Array.isArray(object.object_marking_refs) ? object.object_marking_refs : []
  const granular = Array.isArray(object.granular_markings)
    ? object.granular_markings.map((g) => (typeof g === 'object' && g !== null ? (g as { marking_ref?: unknown }).marking_ref : undefined))
    : []
  return [...refs, ...granular].filter((r): r is string => typeof r === 'string')
}

/** Where an object's effective TLP came from: its own markings, or the default it arrived under. */
export type EffectiveTlp =
  | { readonly ok: true; readonly tlp: Tlp; readonly source: 'object' | 'default' }
  /** A marking Vigil cannot resolve to a level: the object is refused, never stored wider. */
  | { readonly ok: false; readonly marking: string; readonly path: string; readonly reason: 'unknown' | 'unclear' }

/**
 * The TLP level that governs reading `object`: the strictest TLP among its object markings,
 * or `defaultTlp` (the collection's or the import's) when it carries none. TLP markings in
 * granular markings can only make it stricter, never widen it (a reader who may see the
 * object may see all of it). The default is recorded beside the object, never written into
 * it. A marking `resolve` does not know, or that speaks of TLP unclearly, fails closed: the
 * object cannot be stored, rather than stored under the default.
 *
 * @example
 * effectiveTlp({ type: 'indicator', id, object_marking_refs: [TLP2_MARKING_IDS.green] }, 'amber') // { ok: true, tlp: 'green', source: 'object' }
 */
export function effectiveTlp(object: StixObject, defaultTlp: Tlp, resolve: MarkingResolver = STANDARD_ONLY): EffectiveTlp {
  const levels = (refs: readonly (string | undefined)[], path: (i: number) => string) => {
    const found: Tlp[] = []
    for (const [i, ref] of refs.entries()) {
      if (ref === undefined) continue
      const meaning = resolve(ref)
      if (meaning === undefined || meaning === 'unclear')
        return { marking: ref, path: path(i), reason: meaning === undefined ? ('unknown' as const) : ('unclear' as const) }
      if (meaning !== 'none') found.push(meaning.tlp)
    }
    return strictestTlp(found)
  }
  const own = levels(object.object_marking_refs ?? [], (i) => `$.object_marking_refs[${i}]`)
  if (typeof own === 'object') return { ok: false, ...own }
  const granular = levels(
    (object.granular_markings ?? []).map((g) => g.marking_ref),
    (i) => `$.granular_markings[${i}].marking_ref`,
  )
  if (typeof granular === 'object') return { ok: false, ...granular }
  const base = own ? ({ tlp: own, source: 'object' } as const) : ({ tlp: defaultTlp, source: 'default' } as const)
  const tlp = strictestTlp([base.tlp, granular]) ?? base.tlp
  return tlp === base.tlp ? { ok: true, ...base } : { ok: true, tlp, source: 'object' }
}
