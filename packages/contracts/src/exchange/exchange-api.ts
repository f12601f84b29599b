import { z } from 'zod'
import { OrgId, UserId } from '../auth/identity.js'
import { StixId, StixTypeName } from './stix-common.js'
import { Tlp } from './tlp.js'

/** A sharing group's id. */
export const SharingGroupId = z.uuid().brand<'SharingGroupId'>()
export type SharingGroupId = z.infer<typeof SharingGroupId>

/** A collection's id (also its TAXII collection id). */
export const CollectionId = z.uuid().brand<'CollectionId'>()
export type CollectionId = z.infer<typeof CollectionId>

/**
 * A named set of organisations, owned by one of them, that collections can grant to.
 *
 * @example
 * SharingGroupInput.parse({ name: 'Election taskforce', memberOrgIds: [a, b] })
 */
export const SharingGroupInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  /** Defaults to the creator's organisation; only the instance admin may name another. */
  ownerOrgId: OrgId.optional(),
  memberOrgIds: z.array(OrgId).max(1000).default([]),
})
export type SharingGroupInput = z.input<typeof SharingGroupInput>

export const SharingGroup = z.object({
  id: SharingGroupId,
  name: z.string(),
  description: z.string(),
  ownerOrgId: OrgId,
  memberOrgIds: z.array(OrgId),
  createdAt: z.iso.datetime(),
})
export type SharingGroup = z.infer<typeof SharingGroup>

/** Who a collection lets read or write: everyone on the instance, organisations, sharing groups. */
export const CollectionGrants = z.object({
  everyone: z.boolean().default(false),
  orgIds: z.array(OrgId).max(1000).default([]),
  groupIds: z.array(SharingGroupId).max(1000).default([]),
})

/**
 * A new collection. Writers are organisations or sharing groups; objects without a TLP
 * marking are governed by `defaultTlp` (AMBER unless chosen).
 *
 * @example
 * CollectionInput.parse({ title: 'Takedowns', read: { orgIds: [a] }, write: { orgIds: [a] } })
 */
export const CollectionInput = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  read: CollectionGrants.default({ everyone: false, orgIds: [], groupIds: [] }),
  write: CollectionGrants.omit({ everyone: true }).default({ orgIds: [], groupIds: [] }),
  defaultTlp: Tlp.default('amber'),
})
export type CollectionInput = z.input<typeof CollectionInput>

/**
 * `PUT /api/v1/collections/:id/grants`: who may read and write a collection from now on
 * (replaces its grants; what is already in it follows at once).
 *
 * @example
 * CollectionGrantsInput.parse({ read: { everyone: false, groupIds: [g] }, write: { orgIds: [a] } })
 */
export const CollectionGrantsInput = CollectionInput.pick({ read: true, write: true })
export type CollectionGrantsInput = z.input<typeof CollectionGrantsInput>

/**
 * `PATCH /api/v1/collections/:id`: its title, description or default TLP. A new default
 * applies to objects added from now on; those already in it keep the TLP recorded for them.
 *
 * @example
 * CollectionPatch.parse({ title: 'Election tips 2026', defaultTlp: 'green' })
 */
export const CollectionPatch = CollectionInput.pick({ title: true, description: true })
  .extend({ description: z.string().max(2000), defaultTlp: Tlp })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'name at least one of title, description, defaultTlp')
export type CollectionPatch = z.input<typeof CollectionPatch>

export const Collection = z.object({
  id: CollectionId,
  title: z.string(),
  description: z.string(),
  read: z.object({ everyone: z.boolean(), orgIds: z.array(OrgId), groupIds: z.array(SharingGroupId) }),
  write: z.object({ orgIds: z.array(OrgId), groupIds: z.array(SharingGroupId) }),
  defaultTlp: Tlp,
  createdAt: z.iso.datetime(),
  /** Whether the caller may add objects to it. */
  canWrite: z.boolean(),
})
export type Collection = z.infer<typeof Collection>

/** One stored object version with what Vigil records beside it (never inside it). */
export const ObjectEntry = z.object({
  collectionId: CollectionId,
  dateAdded: z.iso.datetime(),
  /** The TLP that governs it, and whether it came from the object or the collection/import default. */
  tlp: Tlp,
  tlpSource: z.enum(['object', 'default']),
  creatorOrgId: OrgId.nullable(),
  object: z.record(z.string(), z.unknown()),
})
export type ObjectEntry = z.infer<typeof ObjectEntry>

/** A page of objects and the cursor of the next page, if any. */
export const ObjectPage = z.object({ objects: z.array(ObjectEntry), next: z.string().nullable() })
export type ObjectPage = z.infer<typeof ObjectPage>

/**
 * A comma-separated query parameter as a list of `item`s (at most 1000).
 *
 * @example
 * commaList(Tlp).parse('green,amber') // ['green', 'amber']
 */
export const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter((x) => x !== ''))
    .pipe(z.array(item).max(1000))

/**
 * `GET /api/v1/objects`: filters, all optional; cursor pagination in the order objects
 * were added.
 *
 * @example
 * ObjectQuery.parse({ type: 'indicator,campaign', tlp: 'green', q: 'branistan', limit: '50' })
 */
export const ObjectQuery = z.object({
  type: commaList(StixTypeName).optional(),
  id: commaList(StixId).optional(),
  tlp: commaList(Tlp).optional(),
  collection: z.uuid().optional(),
  creator_org: z.uuid().optional(),
  added_after: z.iso.datetime().optional(),
  modified_after: z.iso.datetime().optional(),
  modified_before: z.iso.datetime().optional(),
  q: z.string().min(1).max(200).optional(),
  observable: z.string().min(1).max(2000).optional(),
  include_revoked: z.stringbool().default(false),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(100).optional(),
})
export type ObjectQuery = z.infer<typeof ObjectQuery>

/** Per-object options of an import or upload: the default TLP and the named recipients. */
export const IngestOptions = z.object({
  /** The TLP for objects that carry none (default: the collection's). */
  tlp: Tlp.optional(),
  /** AMBER, AMBER+STRICT: organisations named as recipients. */
  recipientOrgIds: z.array(OrgId).max(1000).default([]),
  /** RED: users named as recipients (the importing user is always one). */
  recipientUserIds: z.array(UserId).max(1000).default([]),
})
export type IngestOptions = z.input<typeof IngestOptions>

/** One object an import refused, with every reason and its JSON path (TAXII status model). */
export const IngestFailure = z.object({
  index: z.number().int(),
  id: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
})
export type IngestFailure = z.infer<typeof IngestFailure>

/** The outcome of an import: how many objects were stored (new or already there) and each failure. */
export const IngestResult = z.object({
  collectionId: CollectionId,
  total: z.number().int(),
  successCount: z.number().int(),
  failureCount: z.number().int(),
  failures: z.array(IngestFailure),
})
export type IngestResult = z.infer<typeof IngestResult>
