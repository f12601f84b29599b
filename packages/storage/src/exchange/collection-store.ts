import { randomUUID } from 'node:crypto'
import {
  Collection,
  CollectionGrantsInput,
  type CollectionId,
  CollectionInput,
  CollectionPatch,
  SharingGroup,
  type SharingGroupId,
  SharingGroupInput,
  type Tlp,
} from '@vigil/contracts'
import { type Actor, can, parseInput, readerOf, requirePermission, requireThat, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { conflictOnDuplicate } from '../shared/unique-violation.js'
import { collectionGrantsTo } from './visible-to.js'

/** A collection as the object store needs it. */
export interface CollectionRecord {
  readonly id: CollectionId
  readonly title: string
  readonly defaultTlp: Tlp
}

// A reference to an organisation or group that does not exist breaks a foreign key.
async function refusingUnknownRefs<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if ((err as { code?: unknown }).code === '23503')
      throw new VigilError('VALIDATION_FAILED', 'an organisation or sharing group named does not exist')
    throw err
  }
}

/** Stores a collection's grants: one row per organisation or group and mode, each once. */
async function insertGrants(trx: Kysely<Database>, collectionId: string, g: CollectionGrantsInput): Promise<void> {
  const { read, write } = CollectionGrantsInput.parse(g)
  const rows = [
    ...read.orgIds.map((org_id) => ({ mode: 'read' as const, org_id, group_id: null })),
    ...read.groupIds.map((group_id) => ({ mode: 'read' as const, org_id: null, group_id })),
    ...write.orgIds.map((org_id) => ({ mode: 'write' as const, org_id, group_id: null })),
    ...write.groupIds.map((group_id) => ({ mode: 'write' as const, org_id: null, group_id })),
  ]
  const unique = [...new Map(rows.map((r) => [`${r.mode}:${r.org_id ?? r.group_id}`, r])).values()]
  if (unique.length > 0)
    await trx
      .insertInto('exchange_collection_grants')
      .values(unique.map((r) => ({ ...r, collection_id: collectionId })))
      .execute()
}

/**
 * Collections and sharing groups: who may read and write what. Every function takes the
 * acting `Actor`; collections a reader may neither read nor write are answered as absent.
 */
export function createCollectionStore(db: Kysely<Database>) {
  const toCollections = async (actor: Actor, ids: readonly string[]): Promise<Collection[]> => {
    if (ids.length === 0) return []
    const rows = await db.selectFrom('exchange_collections').selectAll().where('id', 'in', ids).orderBy('title').execute()
    const grants = await db.selectFrom('exchange_collection_grants').selectAll().where('collection_id', 'in', ids).execute()
    const writable = new Set(
      (
        await db
          .selectFrom('exchange_collections as c')
          .select('c.id')
          .where('c.id', 'in', ids)
          .where(collectionGrantsTo(readerOf(actor), 'c', 'write'))
          .execute()
      ).map((r) => r.id),
    )
    const of = (id: string, mode: 'read' | 'write', key: 'org_id' | 'group_id') =>
      grants.filter((g) => g.collection_id === id && g.mode === mode && g[key] !== null).map((g) => g[key] as string)
    return rows.map((r) =>
      Collection.parse({
        id: r.id,
        title: r.title,
        description: r.description,
        read: { everyone: r.read_everyone, orgIds: of(r.id, 'read', 'org_id'), groupIds: of(r.id, 'read', 'group_id') },
        write: { orgIds: of(r.id, 'write', 'org_id'), groupIds: of(r.id, 'write', 'group_id') },
        defaultTlp: r.default_tlp,
        createdAt: r.created_at.toISOString(),
        canWrite: writable.has(r.id),
      }),
    )
  }

  const visibleCollectionIds = async (actor: Actor, only?: string): Promise<string[]> => {
    // The instance admin manages every collection; what it may read inside them the markings decide.
    const reader = can(actor, 'instance:admin') ? ({ kind: 'instance' } as const) : readerOf(actor)
    let q = db
      .selectFrom('exchange_collections as c')
      .select('c.id')
      .where((eb) =>
        eb.or([collectionGrantsTo(reader, 'c', 'read'), collectionGrantsTo(reader, 'c', 'write')].map((x) => eb(x, '=', true))),
      )
    if (only !== undefined) q = q.where('c.id', '=', only)
    return (await q.execute()).map((r) => r.id)
  }

  const getCollection = async (actor: Actor, idOrTitle: string): Promise<Collection> => {
    const row = await db
      .selectFrom('exchange_collections')
      .select('id')
      .where((eb) => (/^[0-9a-f-]{36}$/i.test(idOrTitle) ? eb('id', '=', idOrTitle) : eb('title', '=', idOrTitle)))
      .executeTakeFirst()
    const [collection] = row ? await toCollections(actor, await visibleCollectionIds(actor, row.id)) : []
    if (!collection) throw new VigilError('EXCHANGE_COLLECTION_NOT_FOUND', `no collection '${idOrTitle}'`, { collection: idOrTitle })
    return collection
  }

  return {
    getCollection,

    /** The collections the actor may read or write. */
    async listCollections(actor: Actor): Promise<Collection[]> {
      return toCollections(actor, await visibleCollectionIds(actor))
    },

    /** Creates a collection; only the instance administrator may. */
    async createCollection(actor: Actor, input: CollectionInput, now: Date): Promise<Collection> {
      requirePermission(actor, 'instance:admin')
      const c = CollectionInput.parse(input)
      const id = randomUUID()
      await refusingUnknownRefs(() =>
        conflictOnDuplicate(
          () =>
            db.transaction().execute(async (trx) => {
              await trx
                .insertInto('exchange_collections')
                .values({
                  id,
                  title: c.title,
                  description: c.description,
                  read_everyone: c.read.everyone,
                  default_tlp: c.defaultTlp,
                  created_at: now,
                  created_by: actor.kind === 'user' ? `user:${actor.userId}` : `system:${actor.name}`,
                })
                .execute()
              await insertGrants(trx, id, c)
              await appendAudit(
                trx,
                {
                  actor,
                  action: 'exchange.collection.create',
                  target: { type: 'collection', id },
                  outcome: 'success',
                  details: { title: c.title, read: c.read, write: c.write, defaultTlp: c.defaultTlp },
                },
                now,
              )
            }),
          `a collection titled '${c.title}' already exists`,
          { title: c.title },
        ),
      )
      return getCollection(actor, id)
    },

    /** Replaces who may read and write a collection; only the instance administrator may. */
    async setCollectionGrants(actor: Actor, collectionId: string, input: CollectionGrantsInput, now: Date): Promise<Collection> {
      requirePermission(actor, 'instance:admin')
      const g = CollectionGrantsInput.parse(input)
      const { id } = await getCollection(actor, collectionId)
      await refusingUnknownRefs(() =>
        db.transaction().execute(async (trx) => {
          await trx.updateTable('exchange_collections').set({ read_everyone: g.read.everyone }).where('id', '=', id).execute()
          await trx.deleteFrom('exchange_collection_grants').where('collection_id', '=', id).execute()
          await insertGrants(trx, id, g)
          await appendAudit(
            trx,
            {
              actor,
              action: 'exchange.collection.grants',
              target: { type: 'collection', id },
              outcome: 'success',
              details: { read: g.read, write: g.write },
            },
            now,
          )
        }),
      )
      return getCollection(actor, id)
    },

    /** Changes a collection's title, description or default TLP; only the instance administrator may. */
    async updateCollection(actor: Actor, collectionId: string, input: CollectionPatch, now: Date): Promise<Collection> {
      requirePermission(actor, 'instance:admin')
      const patch = parseInput(CollectionPatch, input)
      const before = await getCollection(actor, collectionId)
      const changed = Object.fromEntries(
        Object.entries(patch).map(([k, v]) => [k, { before: before[k as keyof CollectionPatch], after: v }]),
      )
      await conflictOnDuplicate(
        () =>
          auditedChange(
            db,
            {
              actor,
              action: 'exchange.collection.update',
              target: { type: 'collection', id: before.id },
              outcome: 'success',
              details: changed,
            },
            now,
            async (trx) => {
              await trx
                .updateTable('exchange_collections')
                .set({
                  ...(patch.title !== undefined ? { title: patch.title } : {}),
                  ...(patch.description !== undefined ? { description: patch.description } : {}),
                  ...(patch.defaultTlp !== undefined ? { default_tlp: patch.defaultTlp } : {}),
                })
                .where('id', '=', before.id)
                .execute()
              return true
            },
          ),
        `a collection titled '${patch.title}' already exists`,
        { title: patch.title },
      )
      return getCollection(actor, before.id)
    },

    /** The collection the actor may write to, or NOT_FOUND / AUTH_FORBIDDEN. */
    async requireWritable(actor: Actor, collectionId: string): Promise<CollectionRecord> {
      const collection = await getCollection(actor, collectionId)
      requireThat(collection.canWrite, `this account may not add objects to collection '${collection.title}'`, {
        collection: collection.id,
      })
      return { id: collection.id, title: collection.title, defaultTlp: collection.defaultTlp }
    },

    /** Creates a sharing group owned by the actor's organisation (the admin may name another). */
    async createSharingGroup(actor: Actor, input: SharingGroupInput, now: Date): Promise<SharingGroup> {
      requirePermission(actor, 'org:manage')
      const g = SharingGroupInput.parse(input)
      const admin = can(actor, 'instance:admin')
      const owner = g.ownerOrgId ?? (actor.kind === 'user' ? actor.orgId : undefined)
      if (!owner) throw new VigilError('VALIDATION_FAILED', 'name the owning organisation (ownerOrgId)')
      requireThat(
        admin || (actor.kind === 'user' && actor.orgId === owner),
        'only the instance admin may create groups for another organisation',
      )
      const id = randomUUID()
      const members = [...new Set([owner, ...g.memberOrgIds])]
      await refusingUnknownRefs(() =>
        conflictOnDuplicate(
          () =>
            db.transaction().execute(async (trx) => {
              await trx
                .insertInto('exchange_sharing_groups')
                .values({ id, name: g.name, description: g.description, owner_org_id: owner, created_at: now })
                .execute()
              await trx
                .insertInto('exchange_sharing_group_members')
                .values(members.map((org_id) => ({ group_id: id, org_id })))
                .execute()
              await appendAudit(
                trx,
                {
                  actor,
                  action: 'exchange.group.create',
                  target: { type: 'sharing-group', id },
                  outcome: 'success',
                  details: { name: g.name, members },
                },
                now,
              )
            }),
          `a sharing group named '${g.name}' already exists`,
          { name: g.name },
        ),
      )
      return SharingGroup.parse({
        id,
        name: g.name,
        description: g.description,
        ownerOrgId: owner,
        memberOrgIds: members.sort(),
        createdAt: now.toISOString(),
      })
    },

    /** Sharing groups the actor's organisation owns or belongs to (all, for the admin). */
    async listSharingGroups(actor: Actor): Promise<SharingGroup[]> {
      let q = db.selectFrom('exchange_sharing_groups as g').selectAll('g').orderBy('g.name')
      if (!can(actor, 'instance:admin') && actor.kind === 'user') {
        const org = actor.orgId
        q = q.where((eb) =>
          eb.or([
            eb('g.owner_org_id', '=', org),
            eb('g.id', 'in', eb.selectFrom('exchange_sharing_group_members').select('group_id').where('org_id', '=', org)),
          ]),
        )
      }
      const rows = await q.execute()
      if (rows.length === 0) return []
      const members = await db
        .selectFrom('exchange_sharing_group_members')
        .selectAll()
        .where(
          'group_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('org_id')
        .execute()
      return rows.map((r) =>
        SharingGroup.parse({
          id: r.id,
          name: r.name,
          description: r.description,
          ownerOrgId: r.owner_org_id,
          memberOrgIds: members.filter((m) => m.group_id === r.id).map((m) => m.org_id),
          createdAt: r.created_at.toISOString(),
        }),
      )
    },

    /** Replaces a group's members; its owner's org-admins or the instance admin may. */
    async setSharingGroupMembers(actor: Actor, groupId: SharingGroupId, orgIds: readonly string[], now: Date): Promise<SharingGroup> {
      requirePermission(actor, 'org:manage')
      const group = (await this.listSharingGroups(actor)).find((g) => g.id === groupId)
      if (!group) throw new VigilError('NOT_FOUND', `no sharing group ${groupId}`)
      requireThat(
        can(actor, 'instance:admin') || (actor.kind === 'user' && actor.orgId === group.ownerOrgId),
        "only the group's owner may change its members",
      )
      const members = [...new Set([group.ownerOrgId, ...orgIds])]
      await refusingUnknownRefs(() =>
        db.transaction().execute(async (trx) => {
          await trx.deleteFrom('exchange_sharing_group_members').where('group_id', '=', groupId).execute()
          await trx
            .insertInto('exchange_sharing_group_members')
            .values(members.map((org_id) => ({ group_id: groupId, org_id })))
            .execute()
          await appendAudit(
            trx,
            {
              actor,
              action: 'exchange.group.members',
              target: { type: 'sharing-group', id: groupId },
              outcome: 'success',
              details: { members },
            },
            now,
          )
        }),
      )
      return { ...group, memberOrgIds: members.sort() as SharingGroup['memberOrgIds'] }
    },
  }
}

/** The collection and sharing-group store. */
export type CollectionStore = ReturnType<typeof createCollectionStore>
