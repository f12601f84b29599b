import { randomUUID } from 'node:crypto'
import type { Tlp } from '@vigil/contracts'
import {
  type Actor,
  type CollectionReaders,
  canReadObject,
  effectiveTlp,
  markingResolver,
  type ObjectAccess,
  type Reader,
  readerOf,
  systemActor,
  TLP2_EXTENSION_ID,
  TLP2_MARKING_IDS,
} from '@vigil/core'
import fc from 'fast-check'
import type { ExchangeStore } from '../exchange/exchange-store.js'
import type { SeededUser } from './auth-fixtures.js'

// The isolation property's world: organisations and users are fixed per suite; each run
// adds sharing groups, collections and objects (several versions, various markings and
// recipients), and a model of who may see what, computed with core's `canReadObject`.

const TLPS: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red']
// Beside the standard ids: a TLP 1.0 RED definition with a random id sent in the same
// bundle, a tlp_2_0 AMBER+STRICT definition already stored (readable by everyone), and two
// markings Vigil cannot resolve, which must be refused: the RED id one digit off, a random id.
const IN_BUNDLE_RED = 'in-bundle-tlp1-red'
const STORED_STRICT = 'stored-tlp2-amber+strict'
const MARKINGS: Readonly<Record<string, string | undefined>> = {
  none: undefined,
  ...TLP2_MARKING_IDS,
  'tlp1-white': 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  'tlp1-red': 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
  'red-one-digit-off': TLP2_MARKING_IDS.red.replace(/1$/, '2'),
  unknown: 'marking-definition--4b1d3c5e-7f90-4a2b-8c4d-6e8f0a1b2c3d',
  [IN_BUNDLE_RED]: undefined,
  [STORED_STRICT]: undefined,
}
const markingDefinition = (id: string, extra: Record<string, unknown>) => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id,
  created: '2026-01-01T00:00:00.000Z',
  ...extra,
})

export interface VersionPlan {
  readonly creator: number
  readonly marking: string
  readonly importTlp: Tlp | null
  readonly recipientOrgs: readonly number[]
  readonly recipientUsers: readonly number[]
  readonly revoked: boolean
}
export interface WorldPlan {
  readonly groups: readonly { readonly members: readonly number[] }[]
  readonly collections: readonly {
    readonly everyone: boolean
    readonly orgs: readonly number[]
    readonly groups: readonly number[]
    readonly writers: readonly number[]
    readonly defaultTlp: Tlp
  }[]
  readonly objects: readonly {
    readonly relationship: boolean
    readonly collection: number
    readonly source: number
    readonly target: number
    readonly versions: readonly VersionPlan[]
  }[]
}

/** Worlds over `orgs` organisations and `users` users (creator -1 is the instance itself). */
export function worldPlan(orgs: number, users: number): fc.Arbitrary<WorldPlan> {
  const orgSet = fc.uniqueArray(fc.nat(orgs - 1), { maxLength: orgs })
  const version = fc.record({
    creator: fc.integer({ min: -1, max: users - 1 }),
    marking: fc.constantFrom(...Object.keys(MARKINGS)),
    importTlp: fc.option(fc.constantFrom(...TLPS), { nil: null }),
    recipientOrgs: orgSet,
    recipientUsers: fc.uniqueArray(fc.nat(users - 1), { maxLength: 3 }),
    revoked: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  })
  return fc.record({
    groups: fc.array(fc.record({ members: orgSet }), { maxLength: 2 }),
    collections: fc.array(
      fc.record({
        everyone: fc.boolean(),
        orgs: orgSet,
        groups: fc.uniqueArray(fc.nat(1), { maxLength: 2 }),
        writers: orgSet,
        defaultTlp: fc.constantFrom(...TLPS),
      }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    objects: fc.array(
      fc.record({
        relationship: fc.boolean(),
        collection: fc.nat(2),
        source: fc.nat(7),
        target: fc.nat(7),
        versions: fc.array(version, { minLength: 1, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
}

interface ModelRow {
  readonly key: string
  readonly collectionId: string
  readonly stixId: string
  readonly version: string
  readonly revoked: boolean
  readonly relationship: boolean
  readonly refs: readonly string[]
  readonly name: string
  readonly access: ObjectAccess
}

/** Everything stored so far in a suite, and who may see it. */
export class WorldModel {
  readonly rows: ModelRow[] = []
  readonly collections = new Map<string, CollectionReaders>()
  readonly writers = new Map<string, readonly string[]>()
  readonly ids: string[] = []

  /** The rows a reader may see at all. */
  visible(reader: Reader): ModelRow[] {
    return this.rows.filter((r) => canReadObject(reader, r.access))
  }

  /** Default reads: per collection and id, the newest visible version, unless a visible version is revoked. */
  current(reader: Reader): ModelRow[] {
    const byObject = new Map<string, ModelRow[]>()
    for (const r of this.visible(reader))
      byObject.set(`${r.collectionId}|${r.stixId}`, [...(byObject.get(`${r.collectionId}|${r.stixId}`) ?? []), r])
    return [...byObject.values()].flatMap((rows) => {
      if (rows.some((r) => r.revoked)) return []
      return [rows.reduce((a, b) => (b.version > a.version ? b : a))]
    })
  }
}

/** `collectionId|stixId|version` of a stored version. */
export function versionKey(collectionId: string, stixId: string, version: string | Date): string {
  return `${collectionId}|${stixId}|${new Date(version).toISOString()}`
}

/** What one run added: its search token and the ids to probe (its own and a few earlier ones). */
export interface WorldRun {
  readonly token: string
  readonly ids: readonly string[]
  readonly collectionIds: readonly string[]
}

/** Stores a planned world through `store`, as its users would, and records it in `model`. */
export async function buildWorld(
  store: ExchangeStore,
  cast: readonly SeededUser[],
  orgIds: readonly string[],
  plan: WorldPlan,
  model: WorldModel,
): Promise<WorldRun> {
  const earlier = model.ids.slice(-6)
  const admin = systemActor('isolation-test')
  const token = randomUUID().slice(0, 8)
  const groups: { id: string; members: string[] }[] = []
  for (const [i, g] of plan.groups.entries()) {
    const members = g.members.map((m) => orgIds[m] as string)
    const created = await store.createSharingGroup(
      admin,
      { name: `g ${token} ${i}`, ownerOrgId: orgIds[g.members[0] ?? 0] as never, memberOrgIds: members as never },
      new Date(),
    )
    groups.push({ id: created.id, members: created.memberOrgIds })
  }
  const collections: { id: string; defaultTlp: Tlp }[] = []
  for (const [i, c] of plan.collections.entries()) {
    const readGroups = groups.length === 0 ? [] : [...new Set(c.groups.map((g) => groups[g % groups.length] as (typeof groups)[number]))]
    const created = await store.createCollection(
      admin,
      {
        title: `c ${token} ${i}`,
        read: { everyone: c.everyone, orgIds: c.orgs.map((o) => orgIds[o]) as never, groupIds: readGroups.map((g) => g.id) as never },
        write: { orgIds: c.writers.map((o) => orgIds[o]) as never },
        defaultTlp: c.defaultTlp,
      },
      new Date(),
    )
    const readerOrgs = new Set([...created.read.orgIds, ...readGroups.flatMap((g) => g.members)])
    model.collections.set(created.id, { everyone: c.everyone, orgIds: [...readerOrgs] })
    model.writers.set(created.id, created.write.orgIds)
    collections.push({ id: created.id, defaultTlp: c.defaultTlp })
  }
  const markings = await store.createCollection(
    admin,
    { title: `markings ${token}`, read: { everyone: true, orgIds: [], groupIds: [] }, write: { orgIds: [] }, defaultTlp: 'clear' },
    new Date(),
  )
  model.collections.set(markings.id, { everyone: true, orgIds: [] })
  model.writers.set(markings.id, [])
  const stored = markingDefinition(`marking-definition--${randomUUID()}`, {
    name: 'TLP:AMBER+STRICT',
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'amber+strict' } },
  })
  const storedResult = await store.addObjects(admin, markings.id, [stored])
  if (storedResult.failureCount !== 0) throw new Error(`the stored marking was refused: ${JSON.stringify(storedResult.failures)}`)
  model.rows.push({
    key: versionKey(markings.id, stored.id, stored.created),
    collectionId: markings.id,
    stixId: stored.id,
    version: stored.created,
    revoked: false,
    relationship: false,
    refs: [],
    name: '',
    access: { tlp: 'clear', creatorOrgId: null, recipientOrgIds: [], recipientUserIds: [], collection: { everyone: true, orgIds: [] } },
  })
  const campaignIds: string[] = plan.objects.map(() => `campaign--${randomUUID()}`)
  for (const [i, p] of plan.objects.entries()) {
    const collection = collections[p.collection % collections.length] as (typeof collections)[number]
    const relationship = p.relationship && i > 0
    const stixId = relationship ? `relationship--${randomUUID()}` : (campaignIds[i] as string)
    model.ids.push(stixId)
    const refs = relationship ? [campaignIds[p.source % i] as string, campaignIds[p.target % i] as string] : []
    // The organisation that shared the object's first stored version (null: the instance), undefined before.
    let owner: string | null | undefined
    for (const [j, v] of p.versions.entries()) {
      const definition =
        v.marking === IN_BUNDLE_RED
          ? markingDefinition(`marking-definition--${randomUUID()}`, { definition_type: 'tlp', definition: { tlp: 'red' } })
          : undefined
      const marking = v.marking === STORED_STRICT ? stored.id : (definition?.id ?? MARKINGS[v.marking])
      const object = {
        type: relationship ? 'relationship' : 'campaign',
        spec_version: '2.1',
        id: stixId,
        created: '2026-01-01T00:00:00.000Z',
        modified: new Date(Date.UTC(2026, 0, 1 + j)).toISOString(),
        ...(relationship ? { relationship_type: 'related-to', source_ref: refs[0], target_ref: refs[1] } : { name: `Op ${token} ${i}` }),
        ...(marking ? { object_marking_refs: [marking] } : {}),
        ...(v.revoked && j === p.versions.length - 1 ? { revoked: true } : {}),
      }
      // A user whose organisation may not write the collection, or may not version an object
      // another organisation (or the instance) shared first: the instance posts instead.
      const chosen = v.creator >= 0 ? (cast[v.creator] as SeededUser) : undefined
      const writes = chosen !== undefined && model.writers.get(collection.id)?.includes(chosen.org.id) === true
      const creator: SeededUser | undefined = writes && (owner === undefined || owner === chosen.org.id) ? chosen : undefined
      const actor: Actor = creator?.actor ?? admin
      const recipientUserIds = v.recipientUsers.map((u) => (cast[u] as SeededUser).user.id)
      const recipientOrgIds = v.recipientOrgs.map((o) => orgIds[o] as string)
      const bundle = definition ? [definition, object] : [object]
      const result = await store.addObjects(actor, collection.id, bundle, {
        ...(v.importTlp ? { tlp: v.importTlp } : {}),
        recipientOrgIds: recipientOrgIds as never,
        recipientUserIds: recipientUserIds as never,
      })
      // The model's oracle: core's resolution over what the writer may read (the stored
      // definition is readable by everyone), then `canReadObject`.
      const defaultTlp = v.importTlp ?? collection.defaultTlp
      const access = (tlp: Tlp): ObjectAccess => ({
        tlp,
        creatorOrgId: creator ? creator.org.id : null,
        recipientOrgIds,
        recipientUserIds: [...new Set([...recipientUserIds, ...(creator ? [creator.user.id] : [])])],
        collection: model.collections.get(collection.id) as CollectionReaders,
      })
      const expected = effectiveTlp(object as never, defaultTlp, markingResolver([stored, ...bundle] as never[]))
      if (!expected.ok) {
        const refusal = result.failures[0]?.issues[0]?.message ?? ''
        if (result.successCount !== 0 || !refusal.includes(expected.marking))
          throw new Error(`an unresolvable marking was not refused: ${JSON.stringify(result)}`)
        continue
      }
      if (result.failureCount !== 0) throw new Error(`the world's object was refused: ${JSON.stringify(result.failures)}`)
      if (owner === undefined) owner = creator ? creator.org.id : null
      if (definition)
        model.rows.push({
          key: versionKey(collection.id, definition.id, definition.created),
          collectionId: collection.id,
          stixId: definition.id,
          version: definition.created,
          revoked: false,
          relationship: false,
          refs: [],
          name: '',
          access: access(defaultTlp),
        })
      model.rows.push({
        key: versionKey(collection.id, stixId, object.modified),
        collectionId: collection.id,
        stixId,
        version: object.modified,
        revoked: object.revoked === true,
        relationship,
        refs,
        name: relationship ? '' : `Op ${token} ${i}`.toLowerCase(),
        access: access(expected.tlp),
      })
    }
  }
  return {
    token,
    ids: [...earlier, ...model.ids.slice(model.ids.length - plan.objects.length)],
    collectionIds: [markings.id, ...collections.map((c) => c.id)],
  }
}

/** Every read path, as one surface (the store, or the REST API) offers it; null is EXCHANGE_OBJECT_NOT_FOUND. */
export interface ReadPaths<Who> {
  list(who: Who, filter: { readonly types?: readonly string[]; readonly text?: string; readonly collectionId?: string }): Promise<string[]>
  get(who: Who, id: string): Promise<string | null>
  history(who: Who, id: string): Promise<string[] | null>
  relationships(who: Who, id: string): Promise<string[] | null>
  exportIds(who: Who, collectionId: string): Promise<string[] | null>
}

const sorted = (xs: readonly string[]) => [...xs].sort()
const sortedOrNull = (xs: readonly string[] | null) => (xs === null ? null : sorted(xs))

/**
 * Checks every read path for one reader against the model: it returns exactly what the
 * reader may see, and answers EXCHANGE_OBJECT_NOT_FOUND alike for what is hidden and what does not exist.
 */
export async function checkReads<Who>(
  paths: ReadPaths<Who>,
  model: WorldModel,
  who: Who,
  reader: Reader,
  token: string,
  expect: (actual: unknown, expected: unknown, what: string) => void,
  ids: readonly string[] = model.ids,
  collectionIds: readonly string[] = [...model.collections.keys()],
): Promise<void> {
  const current = model.current(reader)
  const visible = model.visible(reader)
  expect(sorted(await paths.list(who, {})), sorted(current.map((r) => r.key)), 'list')
  expect(
    sorted(await paths.list(who, { types: ['relationship'] })),
    sorted(current.filter((r) => r.relationship).map((r) => r.key)),
    'list by type',
  )
  expect(
    sorted(await paths.list(who, { text: `op ${token}` })),
    sorted(current.filter((r) => r.name.includes(`op ${token}`)).map((r) => r.key)),
    'search',
  )
  const absent = `campaign--${randomUUID()}`
  for (const id of [...ids, absent]) {
    const mine = current.filter((r) => r.stixId === id)
    const newest = mine.reduce<ModelRow | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined)
    expect(await paths.get(who, id), newest?.key ?? null, `get ${id}`)
    const versions = visible.filter((r) => r.stixId === id).map((r) => r.key)
    expect(sortedOrNull(await paths.history(who, id)), versions.length ? sorted(versions) : null, `history ${id}`)
    const related = current.filter((r) => r.relationship && r.refs.includes(id)).map((r) => r.key)
    expect(sortedOrNull(await paths.relationships(who, id)), newest ? sorted(related) : null, `relationships ${id}`)
  }
  for (const collectionId of [...collectionIds, randomUUID()]) {
    const readers = model.collections.get(collectionId) ?? { everyone: false, orgIds: [] }
    const exists = model.collections.has(collectionId)
    const writers = model.writers.get(collectionId) ?? []
    const open =
      exists &&
      (reader.kind === 'instance' ||
        (reader.kind === 'member' && (readers.everyone || readers.orgIds.includes(reader.orgId) || writers.includes(reader.orgId))))
    const expected = open ? sorted([...new Set(current.filter((r) => r.collectionId === collectionId).map((r) => r.stixId))]) : null
    expect(sortedOrNull(await paths.exportIds(who, collectionId)), expected, `export ${collectionId}`)
  }
}

export { readerOf }
