import {
  DisarmId,
  type IngestResult,
  type StixObject,
  TECHNIQUE_TAGGABLE_TYPES,
  type TechniqueTag,
  type TechniqueTagList,
} from '@vigil/contracts'
import { type Actor, TLP2_MARKING_IDS, uuidV5, VIGIL_ID_NAMESPACE, VigilError } from '@vigil/core'
import type { ExchangeStore } from './exchange-store.js'

const TAGGABLE: ReadonlySet<string> = new Set(TECHNIQUE_TAGGABLE_TYPES)
const PAGE = 1000

function disarmIdOf(o: StixObject): string | null {
  const refs = Array.isArray(o.external_references) ? (o.external_references as { external_id?: unknown }[]) : []
  const id = refs.map((r) => r.external_id).find((x) => DisarmId.safeParse(x).success)
  return typeof id === 'string' ? id : null
}

async function attackPatterns(store: ExchangeStore, actor: Actor): Promise<Map<string, StixObject>> {
  const byDisarm = new Map<string, StixObject>()
  let after: string | undefined
  do {
    const page = await store.list(actor, { types: ['attack-pattern'] }, { limit: PAGE, ...(after ? { after } : {}) })
    for (const o of page.objects) {
      const id = disarmIdOf(o.object)
      if (id) byDisarm.set(id, o.object)
    }
    after = page.next ?? undefined
  } while (after)
  return byDisarm
}

/**
 * Tags an object with DISARM techniques: one `uses` relationship from the object to each
 * technique's `attack-pattern` (by DISARM id among the imported framework the actor may see,
 * or by STIX id), marked with the object's own TLP, stored in `collectionId`. The
 * relationship id is derived from the pair, so tagging twice adds a version, not a duplicate.
 */
export async function tagWithTechniques(
  store: ExchangeStore,
  actor: Actor,
  input: { readonly object: string; readonly collection: string; readonly techniques: readonly string[] },
  now: Date,
): Promise<IngestResult> {
  const target = await store.get(actor, input.object)
  if (!TAGGABLE.has(target.type)) {
    throw new VigilError('VALIDATION_FAILED', `a ${target.type} cannot be tagged with techniques (only ${[...TAGGABLE].join(', ')})`)
  }
  const byDisarm = input.techniques.some((t) => !t.includes('--')) ? await attackPatterns(store, actor) : new Map<string, StixObject>()
  const patterns: string[] = []
  for (const t of input.techniques) {
    if (t.includes('--')) {
      const ap = await store.get(actor, t)
      if (ap.type !== 'attack-pattern') throw new VigilError('VALIDATION_FAILED', `${t} is not an attack-pattern`)
      patterns.push(ap.stixId)
    } else {
      const ap = byDisarm.get(t)
      if (!ap)
        throw new VigilError('NOT_FOUND', `technique ${t} is not in any imported framework you may see (import DISARM's STIX bundle)`)
      patterns.push(ap.id)
    }
  }
  const stamp = now.toISOString()
  const relationships = [...new Set(patterns)].map((ap) => ({
    type: 'relationship',
    spec_version: '2.1',
    id: `relationship--${uuidV5(VIGIL_ID_NAMESPACE, `technique\n${target.stixId}\n${ap}`)}`,
    created: stamp,
    modified: stamp,
    relationship_type: 'uses',
    source_ref: target.stixId,
    target_ref: ap,
    object_marking_refs: [TLP2_MARKING_IDS[target.tlp]],
  }))
  return store.addObjects(actor, input.collection, relationships)
}

/** The techniques an object is tagged with that the actor may see, proposed ones marked. */
export async function listTechniqueTags(store: ExchangeStore, actor: Actor | null, objectId: string): Promise<TechniqueTagList> {
  const tags = new Map<string, TechniqueTag>()
  const patterns = new Map<string, StixObject | null>()
  let after: string | undefined
  do {
    const page = await store.relationships(actor, objectId, { limit: PAGE, ...(after ? { after } : {}) })
    for (const r of page.objects) {
      const o = r.object
      if (o.relationship_type !== 'uses' || o.source_ref !== objectId || !String(o.target_ref).startsWith('attack-pattern--')) continue
      const techniqueId = String(o.target_ref)
      if (!patterns.has(techniqueId))
        patterns.set(
          techniqueId,
          await store.get(actor, techniqueId).then(
            (p) => p.object,
            () => null,
          ),
        )
      const ap = patterns.get(techniqueId) ?? null
      const proposed = o.x_vigil_proposed === true
      const previous = tags.get(techniqueId)
      // A confirmation by an analyst outweighs detection's proposal of the same technique.
      if (previous && !previous.proposed) continue
      tags.set(techniqueId, {
        relationshipId: r.stixId,
        techniqueId,
        disarmId: ap ? disarmIdOf(ap) : null,
        name: ap && typeof ap.name === 'string' ? ap.name : null,
        proposed,
      })
    }
    after = page.next ?? undefined
  } while (after)
  return { objectId: objectId as TechniqueTagList['objectId'], techniques: [...tags.values()] }
}
