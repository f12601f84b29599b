import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exchange_sharing_groups')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('exchange_sharing_group_members')
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('exchange_sharing_groups.id').onDelete('cascade'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addPrimaryKeyConstraint('exchange_sharing_group_members_pk', ['group_id', 'org_id'])
    .execute()
  await db.schema.createIndex('exchange_sharing_group_members_org').on('exchange_sharing_group_members').column('org_id').execute()

  await db.schema
    .createTable('exchange_collections')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('read_everyone', 'boolean', (c) => c.notNull())
    .addColumn('default_tlp', 'text', (c) => c.notNull().check(sql`default_tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute()
  // Who may read or write a collection: an organisation or a sharing group, one per row.
  await db.schema
    .createTable('exchange_collection_grants')
    .addColumn('collection_id', 'uuid', (c) => c.notNull().references('exchange_collections.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('read', 'write')`))
    .addColumn('org_id', 'uuid', (c) => c.references('orgs.id'))
    .addColumn('group_id', 'uuid', (c) => c.references('exchange_sharing_groups.id'))
    .addCheckConstraint('exchange_collection_grants_one', sql`(org_id is null) <> (group_id is null)`)
    .execute()
  await sql`create unique index exchange_collection_grants_unique on exchange_collection_grants
    (collection_id, mode, coalesce(org_id, group_id))`.execute(db)
  // The organisations a grant names, directly or as members of a sharing group: the one
  // place the access rules read group membership from.
  await sql`create view exchange_collection_orgs as
    select g.collection_id, g.mode, g.org_id from exchange_collection_grants g where g.org_id is not null
    union
    select g.collection_id, g.mode, m.org_id from exchange_collection_grants g
      join exchange_sharing_group_members m on m.group_id = g.group_id`.execute(db)

  // One row per stored version of an object in a collection, the object kept as received.
  await db.schema
    .createTable('exchange_objects')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('collection_id', 'uuid', (c) => c.notNull().references('exchange_collections.id'))
    .addColumn('stix_id', 'text', (c) => c.notNull())
    .addColumn('stix_type', 'text', (c) => c.notNull())
    // `modified`, else `created`, else the epoch (SCOs have a single version).
    .addColumn('version', 'timestamptz', (c) => c.notNull())
    .addColumn('date_added', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked', 'boolean', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull().check(sql`tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')`))
    .addColumn('tlp_source', 'text', (c) => c.notNull().check(sql`tlp_source in ('object', 'default')`))
    .addColumn('creator_org_id', 'uuid', (c) => c.references('orgs.id'))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('recipient_org_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('recipient_user_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('source_ref', 'text')
    .addColumn('target_ref', 'text')
    .addColumn('observable', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('object', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('exchange_objects_version', ['collection_id', 'stix_id', 'version'])
    .execute()
  await db.schema.createIndex('exchange_objects_id').on('exchange_objects').columns(['stix_id', 'version']).execute()
  await db.schema.createIndex('exchange_objects_type').on('exchange_objects').columns(['stix_type', 'seq']).execute()
  await db.schema.createIndex('exchange_objects_collection').on('exchange_objects').columns(['collection_id', 'seq']).execute()
  await db.schema.createIndex('exchange_objects_added').on('exchange_objects').columns(['date_added', 'seq']).execute()
  await db.schema.createIndex('exchange_objects_source').on('exchange_objects').column('source_ref').execute()
  await db.schema.createIndex('exchange_objects_target').on('exchange_objects').column('target_ref').execute()
  await db.schema.createIndex('exchange_objects_observable').on('exchange_objects').column('observable').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('exchange_objects').execute()
  await sql`drop view exchange_collection_orgs`.execute(db)
  for (const t of ['exchange_collection_grants', 'exchange_collections', 'exchange_sharing_group_members', 'exchange_sharing_groups']) {
    await db.schema.dropTable(t).execute()
  }
}
