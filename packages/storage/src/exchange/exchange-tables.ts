import type { ColumnType, Generated } from 'kysely'

type ReadOnly<T> = ColumnType<T, T, never>

export interface SharingGroupsTable {
  id: ReadOnly<string>
  name: string
  description: ColumnType<string, string | undefined, string>
  owner_org_id: string
  created_at: ReadOnly<Date>
}

export interface SharingGroupMembersTable {
  group_id: string
  org_id: string
}

export interface CollectionsTable {
  id: ReadOnly<string>
  title: string
  description: ColumnType<string, string | undefined, string>
  read_everyone: boolean
  default_tlp: string
  created_at: ReadOnly<Date>
  created_by: ReadOnly<string>
}

export interface CollectionGrantsTable {
  collection_id: string
  mode: 'read' | 'write'
  org_id: string | null
  group_id: string | null
}

/** A view: the organisations each grant names, directly or through a sharing group. */
export interface CollectionOrgsView {
  collection_id: ColumnType<string, never, never>
  mode: ColumnType<'read' | 'write', never, never>
  org_id: ColumnType<string, never, never>
}

export interface ExchangeObjectsTable {
  /** bigint: the driver returns it as a string. */
  seq: ColumnType<string, never, never> & Generated<string>
  collection_id: ReadOnly<string>
  stix_id: ReadOnly<string>
  stix_type: ReadOnly<string>
  // Written as the STIX timestamp text, so PostgreSQL keeps its microseconds.
  version: ColumnType<Date, string, never>
  date_added: ReadOnly<Date>
  revoked: ReadOnly<boolean>
  tlp: ReadOnly<string>
  tlp_source: ReadOnly<string>
  creator_org_id: ReadOnly<string | null>
  added_by: ReadOnly<string>
  recipient_org_ids: ReadOnly<string[]>
  recipient_user_ids: ReadOnly<string[]>
  source_ref: ReadOnly<string | null>
  target_ref: ReadOnly<string | null>
  observable: ReadOnly<string | null>
  search_text: ReadOnly<string>
  object: ColumnType<Record<string, unknown>, string, never>
}

export interface ExchangeTables {
  exchange_sharing_groups: SharingGroupsTable
  exchange_sharing_group_members: SharingGroupMembersTable
  exchange_collections: CollectionsTable
  exchange_collection_grants: CollectionGrantsTable
  exchange_collection_orgs: CollectionOrgsView
  exchange_objects: ExchangeObjectsTable
}
