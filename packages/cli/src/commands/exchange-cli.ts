import { readFile } from 'node:fs/promises'
import {
  Collection,
  CollectionInput,
  IngestResult,
  MispEventFile,
  type OrgId,
  SharingGroup,
  type SharingGroupId,
  SharingGroupInput,
  STIX_TYPE_SCHEMAS,
  StixBundle,
  Tlp,
  type UserId,
} from '@vigil/contracts'
import { type Actor, actorFor, mispEventToStix, parseInput, VigilError } from '@vigil/core'
import { createExchangeStore, type ExchangeStore } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { type AdminContext, print, resolveOrgId, withAdminContext } from './admin-context.js'
import type { StorageOptions } from './config-options.js'

interface Json extends StorageOptions {
  readonly json?: boolean
}

const split = (list: string | undefined): string[] =>
  (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

async function withExchange(
  io: CliIo,
  o: StorageOptions,
  fn: (ctx: AdminContext, store: ExchangeStore) => Promise<number>,
): Promise<number> {
  return withAdminContext(io, o, (ctx) => fn(ctx, createExchangeStore(ctx.database.db, ctx.identity.clock)))
}

/** The actor a command acts as: the named active user (`--as EMAIL`), else the instance's system actor. */
export async function actingAs(ctx: AdminContext, email: string | undefined): Promise<Actor> {
  if (email === undefined) return ctx.actor
  const user = await ctx.identity.store.findUserByEmail(email.toLowerCase())
  const org = user && (await ctx.identity.store.findOrg(user.orgId))
  if (!user || !org) throw new VigilError('NOT_FOUND', `no user '${email}'`)
  if (user.status !== 'active' || org.status !== 'active')
    throw new VigilError('AUTH_FORBIDDEN', `user '${email}' or its organisation is suspended`)
  return actorFor({ user, org }, 'cli')
}

async function resolveGroupId(store: ExchangeStore, actor: Actor, idOrName: string): Promise<SharingGroupId> {
  const group = (await store.listSharingGroups(actor)).find((g) => g.id === idOrName || g.name === idOrName)
  if (!group) throw new VigilError('NOT_FOUND', `no sharing group '${idOrName}'`)
  return group.id
}

/** `--read all|ORG,…|group:G,…` as grants. */
async function grantsOf(ctx: AdminContext, store: ExchangeStore, list: string | undefined) {
  const grants = { everyone: false, orgIds: [] as OrgId[], groupIds: [] as SharingGroupId[] }
  for (const item of split(list)) {
    if (item === 'all') grants.everyone = true
    else if (item.startsWith('group:')) grants.groupIds.push(await resolveGroupId(store, ctx.actor, item.slice('group:'.length)))
    else grants.orgIds.push(await resolveOrgId(ctx, item))
  }
  return grants
}

const describeCollection = (c: Collection): string =>
  `${c.title}  ${c.id}  default ${c.defaultTlp}  read ${c.read.everyone ? 'all' : [...c.read.orgIds, ...c.read.groupIds.map((g) => `group:${g}`)].join(',') || '-'}  write ${[...c.write.orgIds, ...c.write.groupIds.map((g) => `group:${g}`)].join(',') || '-'}`

/** `vigil admin collection create --title T [--read all|ORG,…|group:G] [--write ORG,…|group:G] [--default-tlp amber]` */
export function createCollectionCommand(
  io: CliIo,
  o: Json & {
    readonly title: string
    readonly description?: string
    readonly read?: string
    readonly write?: string
    readonly defaultTlp?: string
  },
): Promise<number> {
  return withExchange(io, o, async (ctx, store) => {
    const read = await grantsOf(ctx, store, o.read)
    const write = await grantsOf(ctx, store, o.write)
    if (write.everyone) throw new VigilError('VALIDATION_FAILED', '--write names organisations or groups, not all')
    const input = parseInput(CollectionInput, {
      title: o.title,
      description: o.description ?? '',
      read,
      write: { orgIds: write.orgIds, groupIds: write.groupIds },
      defaultTlp: o.defaultTlp ?? 'amber',
    })
    const collection = Collection.parse(await store.createCollection(ctx.actor, input, ctx.identity.clock.now()))
    return print(io, o.json, collection, () => [`Created collection ${collection.title}: ${collection.id}`, describeCollection(collection)])
  })
}

/** `vigil admin collection list` */
export function listCollectionsCommand(io: CliIo, o: Json): Promise<number> {
  return withExchange(io, o, async (ctx, store) => {
    const collections = await store.listCollections(ctx.actor)
    return print(io, o.json, collections, () => (collections.length === 0 ? ['No collections.'] : collections.map(describeCollection)))
  })
}

/** `vigil admin group create --name N --owner ORG [--member ORG …]` */
export function createGroupCommand(
  io: CliIo,
  o: Json & { readonly name: string; readonly owner: string; readonly member?: string[] },
): Promise<number> {
  return withExchange(io, o, async (ctx, store) => {
    const members = await Promise.all((o.member ?? []).flatMap(split).map((m) => resolveOrgId(ctx, m)))
    const input = parseInput(SharingGroupInput, { name: o.name, ownerOrgId: await resolveOrgId(ctx, o.owner), memberOrgIds: members })
    const group = SharingGroup.parse(await store.createSharingGroup(ctx.actor, input, ctx.identity.clock.now()))
    return print(io, o.json, group, () => [`Created sharing group ${group.name}: ${group.id} (${group.memberOrgIds.length} organisations)`])
  })
}

/** `vigil import FILE --collection C [--as EMAIL] [--tlp T] [--recipient-org ORG,…] [--recipient-user EMAIL,…]` */
export function importCommand(
  io: CliIo,
  file: string,
  o: Json & {
    readonly collection: string
    readonly as?: string
    readonly tlp?: string
    readonly recipientOrg?: string
    readonly recipientUser?: string
    readonly format?: string
  },
): Promise<number> {
  return withExchange(io, o, async (ctx, store) => {
    const actor = await actingAs(ctx, o.as)
    let value: unknown
    try {
      value = JSON.parse(await readFile(file, 'utf8'))
    } catch (err) {
      throw new VigilError('VALIDATION_FAILED', `${file}: ${(err as Error).message}`)
    }
    if (o.format !== undefined && o.format !== 'stix' && o.format !== 'misp')
      throw new VigilError('VALIDATION_FAILED', '--format must be stix or misp')
    const objects =
      o.format === 'misp' ? mispEventToStix(parseInput(MispEventFile, value).Event).objects : (parseInput(StixBundle, value).objects ?? [])
    const collection = await store.getCollection(actor, o.collection)
    const recipientOrgIds = await Promise.all(split(o.recipientOrg).map((x) => resolveOrgId(ctx, x)))
    const recipientUserIds: UserId[] = []
    for (const email of split(o.recipientUser)) recipientUserIds.push(((await actingAs(ctx, email)) as { userId: UserId }).userId)
    const result = IngestResult.parse(
      await store.addObjects(actor, collection.id, objects, {
        ...(o.tlp ? { tlp: parseInput(Tlp, o.tlp) } : {}),
        recipientOrgIds,
        recipientUserIds,
      }),
    )
    print(io, o.json, result, () => [
      `Imported ${result.successCount} of ${result.total} object(s) into ${collection.title}.`,
      ...result.failures.map((f) => `refused #${f.index} ${f.id ?? ''}: ${f.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`),
    ])
    if (result.failureCount > 0) writeLine(io.stderr, `vigil: ${result.failureCount} object(s) were refused`)
    return result.failureCount > 0 ? 1 : 0
  })
}

/** `vigil export --collection C [--type T,…] [--as EMAIL]`: the bundle on stdout, as that user may see it. */
export function exportCommand(
  io: CliIo,
  o: StorageOptions & { readonly collection: string; readonly type?: string; readonly as?: string },
): Promise<number> {
  return withExchange(io, o, async (ctx, store) => {
    const actor = await actingAs(ctx, o.as)
    const collection = await store.getCollection(actor, o.collection)
    const types = split(o.type)
    const unknown = types.filter((t) => !(t in STIX_TYPE_SCHEMAS) && !/^x-[a-z0-9]+(-[a-z0-9]+)*$/.test(t))
    if (unknown.length > 0) {
      throw new VigilError('VALIDATION_FAILED', `--type ${unknown.join(',')}: not a STIX 2.1 object type (custom types start with x-)`)
    }
    const filter = types.length ? { types } : {}
    const bundle = await store.exportBundle(actor, collection.id, filter)
    writeLine(io.stdout, JSON.stringify(bundle))
    if (bundle.objects.length === 0) {
      // Say why on stderr, so an empty bundle is never taken for a complete one.
      const stored = await store.storedObjectCount(collection.id, filter)
      const what = types.length ? `objects of type ${types.join(', ')}` : 'objects'
      const who = o.as === undefined ? 'the instance itself (pass --as EMAIL to export as a user)' : o.as
      writeLine(
        io.stderr,
        stored === 0
          ? `vigil: the export is empty: ${collection.title} holds no ${what}`
          : `vigil: the export is empty: none of the ${stored} ${what} in ${collection.title} may be read by ${who}: their TLP or the collection's grants keep them from this reader`,
      )
    }
    return 0
  })
}
