import { randomUUID } from 'node:crypto'
import { Collection, CollectionGrantsInput, SharingGroup, type SharingGroupId, SharingGroupInput } from '@vigil/contracts'
import { type Actor, can, type ExchangeCollectionStore, type Reader, requirePermission, requireThat, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { conflictOnDuplicate } from '../shared/unique-violation.js'
import { collectionGrantsTo } from './visible-to.js'

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
 * The exchange's collections port: who may read and write what, filtered in SQL by the
 * readers core gives; each change writes its audit entry in its own transaction.
 *
 * @example
 * const [c] = await createExchangeCollectionStore(db).find(readerOf(actor), readerOf(actor), 'Taskforce')
 */
export function createExchangeCollectionStore(db: Kysely<Database>): ExchangeCollectionStore {
  const toCollections = async (writer: Reader, ids: readonly string[]): Promise<Collection[]> => {
    if (ids.length === 0) return []
    const rows = await db.selectFrom('exchange_collections').selectAll().where('id', 'in', ids).orderBy('title').execute()
    const grants = await db.selectFrom('exchange_collection_grants').selectAll().where('collection_id', 'in', ids).execute()
    const writable = new Set(
      (
        await db
          .selectFrom('exchange_collections as c')
          .select('c.id')
          .where('c.id', 'in', ids)
          .where(collectionGrantsTo(writer, 'c', 'write'))
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

  return {
    async find(reader, writer, only) {
      let q = db
        .selectFrom('exchange_collections as c')
        .select('c.id')
        .where((eb) =>
          eb.or([collectionGrantsTo(reader, 'c', 'read'), collectionGrantsTo(reader, 'c', 'write')].map((x) => eb(x, '=', true))),
        )
      if (only !== undefined) q = q.where((eb) => (/^[0-9a-f-]{36}$/i.test(only) ? eb('c.id', '=', only) : eb('c.title', '=', only)))
      return toCollections(
        writer,
        (await q.execute()).map((r) => r.id),
      )
    },

    async insert(c, audit, now) {
      await refusingUnknownRefs(() =>
        conflictOnDuplicate(
          () =>
            db.transaction().execute(async (trx) => {
              await trx
                .insertInto('exchange_collections')
                .values({
                  id: c.id,
                  title: c.title,
                  description: c.description,
                  read_everyone: CollectionGrantsInput.parse(c.grants).read.everyone,
                  default_tlp: c.defaultTlp,
                  created_at: now,
                  created_by: c.createdBy,
                })
                .execute()
              await insertGrants(trx, c.id, c.grants)
              await appendAudit(trx, audit, now)
            }),
          `a collection titled '${c.title}' already exists`,
          { title: c.title },
        ),
      )
    },

    async replaceGrants(id, g, audit, now) {
      await refusingUnknownRefs(() =>
        db.transaction().execute(async (trx) => {
          await trx
            .updateTable('exchange_collections')
            .set({ read_everyone: CollectionGrantsInput.parse(g).read.everyone })
            .where('id', '=', id)
            .execute()
          await trx.deleteFrom('exchange_collection_grants').where('collection_id', '=', id).execute()
          await insertGrants(trx, id, g)
          await appendAudit(trx, audit, now)
        }),
      )
    },

    async update(id, patch, audit, now) {
      await conflictOnDuplicate(
        () =>
          auditedChange(db, audit, now, async (trx) => {
            await trx
              .updateTable('exchange_collections')
              .set({
                ...(patch.title !== undefined ? { title: patch.title } : {}),
                ...(patch.description !== undefined ? { description: patch.description } : {}),
                ...(patch.defaultTlp !== undefined ? { default_tlp: patch.defaultTlp } : {}),
              })
              .where('id', '=', id)
              .execute()
            return true
          }),
        `a collection titled '${patch.title}' already exists`,
        { title: patch.title },
      )
    },
  }
}

/**
 * Sharing groups: organisations a collection can grant to at once. Every function takes
 * the acting `Actor`.
 */
export function createSharingGroupStore(db: Kysely<Database>) {
  return {
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

/** The sharing-group store. */
export type SharingGroupStore = ReturnType<typeof createSharingGroupStore>
