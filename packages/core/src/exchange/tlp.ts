import type { StixObject, Tlp } from '@vigil/contracts'

/** The official TLP 2.0 marking-definition ids (OASIS cti-stix-common-objects). */
export const TLP2_MARKING_IDS: Readonly<Record<Tlp, string>> = Object.freeze({
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
})

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

/**
 * The TLP level a marking-definition id stands for, TLP 1.0 ids mapped to 2.0; undefined
 * for any other marking (statements, custom markings), which do not limit access here.
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

/** Where an object's effective TLP came from: its own markings, or the default it arrived under. */
export interface EffectiveTlp {
  readonly tlp: Tlp
  readonly source: 'object' | 'default'
}

/**
 * The TLP level that governs reading `object`: the strictest TLP among its object markings,
 * or `defaultTlp` (the collection's or the import's) when it carries none. TLP markings in
 * granular markings can only make it stricter, never widen it (a reader who may see the
 * object may see all of it). The default is recorded beside the object, never written into it.
 *
 * @example
 * effectiveTlp({ type: 'indicator', id, object_marking_refs: [TLP2_MARKING_IDS.green] }, 'amber') // { tlp: 'green', source: 'object' }
 */
export function effectiveTlp(object: StixObject, defaultTlp: Tlp): EffectiveTlp {
  const own = strictestTlp((object.object_marking_refs ?? []).map(tlpOfMarking))
  const base: EffectiveTlp = own ? { tlp: own, source: 'object' } : { tlp: defaultTlp, source: 'default' }
  const granular = strictestTlp((object.granular_markings ?? []).map((g) => (g.marking_ref ? tlpOfMarking(g.marking_ref) : undefined)))
  const tlp = strictestTlp([base.tlp, granular]) ?? base.tlp
  return tlp === base.tlp ? base : { tlp, source: 'object' }
}
