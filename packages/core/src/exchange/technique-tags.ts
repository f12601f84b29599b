import {
  DisarmId,
  type IngestResult,
  type StixObject,
  type TagTechniquesInput,
  TECHNIQUE_TAGGABLE_TYPES,
  type TechniqueTag,
  type TechniqueTagList,
} from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { requirePermission } from '../auth/require-permission.js'
import { VigilError } from '../shared/errors.js'
import type { ExchangeDeps } from './exchange-ports.js'
import { importObjects } from './import-objects.js'
import { VIGIL_ID_NAMESPACE } from './network-bundle.js'
import { getObject, listObjects, objectRelationships } from './object-queries.js'
import { uuidV5 } from './sco-id.js'
import { TLP2_MARKING_IDS } from './tlp.js'

const TAGGABLE: ReadonlySet<string> = new Set(TECHNIQUE_TAGGABLE_TYPES)
const PAGE = 1000

type ReadDeps = Pick<ExchangeDeps, 'objects' | 'clock'>

function disarmIdOf(o: StixObject): string | null {
  const refs = Array.isArray(o.external_references) ? (o.external_references as { external_id?: unknown }[]) : []
  const id = refs.map((r) => r.external_id).find((x) => DisarmId.safeParse(x).success)
  return typeof id === 'string' ? id : null
}

async function attackPatterns(deps: ReadDeps, actor: Actor): Promise<Map<string, StixObject>> {
  const byDisarm = new Map<string, StixObject>()
  let after: string | undefined
  do {
    const page = await listObjects(deps, actor, { types: ['attack-pattern'] }, { limit: PAGE, ...(after ? { after } : {}) })
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
 * or by STIX id), marked with the object's own TLP, imported into `input.collection` through
 * `importObjects` (its audit entry in the same transaction). The relationship id is derived
 * from the pair, so tagging twice adds a version, not a duplicate.
 *
 * @example
 * await tagWithTechniques(deps, analyst, { object: 'grouping--…', collection, techniques: ['T0049.003'] })
 * @throws VigilError `AUTH_FORBIDDEN`, `EXCHANGE_OBJECT_NOT_FOUND`, `NOT_FOUND` (a DISARM id nobody imported), `VALIDATION_FAILED` (not taggable, not an attack-pattern)
 */
export async function tagWithTechniques(deps: ExchangeDeps, actor: Actor, input: TagTechniquesInput): Promise<IngestResult> {
  requirePermission(actor, 'exchange:write')
  const target = await getObject(deps, actor, input.object)
  if (!TAGGABLE.has(target.type)) {
    throw new VigilError('VALIDATION_FAILED', `a ${target.type} cannot be tagged with techniques (only ${[...TAGGABLE].join(', ')})`)
  }
  const byDisarm = input.techniques.some((t) => !t.includes('--')) ? await attackPatterns(deps, actor) : new Map<string, StixObject>()
  const patterns: string[] = []
  for (const t of input.techniques) {
    if (t.includes('--')) {
      const ap = await getObject(deps, actor, t)
      if (ap.type !== 'attack-pattern') throw new VigilError('VALIDATION_FAILED', `${t} is not an attack-pattern`)
      patterns.push(ap.stixId)
    } else {
      const ap = byDisarm.get(t)
      if (!ap)
        throw new VigilError('NOT_FOUND', `technique ${t} is not in any imported framework you may see (import DISARM's STIX bundle)`)
      patterns.push(ap.id)
    }
  }
  const stamp = deps.clock.now().toISOString()
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
  return importObjects(deps, actor, input.collection, relationships)
}

/**
 * The techniques an object is tagged with that the actor may see, proposed ones marked; an
 * analyst's confirmation outweighs detection's proposal of the same technique.
 *
 * @example
 * const { techniques } = await listTechniqueTags(deps, actor, 'grouping--…') // [{ disarmId: 'T0049.003', proposed: true, … }]
 * @throws VigilError `AUTH_FORBIDDEN`, `EXCHANGE_OBJECT_NOT_FOUND`
 */
export async function listTechniqueTags(deps: ReadDeps, actor: Actor, objectId: string): Promise<TechniqueTagList> {
  requirePermission(actor, 'exchange:read')
  const tags = new Map<string, TechniqueTag>()
  const patterns = new Map<string, StixObject | null>()
  let after: string | undefined
  do {
    const page = await objectRelationships(deps, actor, objectId, { limit: PAGE, ...(after ? { after } : {}) })
    for (const r of page.objects) {
      const o = r.object
      if (o.relationship_type !== 'uses' || o.source_ref !== objectId || !String(o.target_ref).startsWith('attack-pattern--')) continue
      const techniqueId = String(o.target_ref)
      if (!patterns.has(techniqueId))
        patterns.set(
          techniqueId,
          await getObject(deps, actor, techniqueId).then(
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
