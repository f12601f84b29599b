import { type Kysely, sql } from 'kysely'

// Numbered in 0250-0299 so that the exchange context keeps 0200-0249.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('taxii_status')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('owner_org_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'complete')`))
    .addColumn('request_timestamp', 'timestamptz', (c) => c.notNull())
    .addColumn('successes', 'jsonb', (c) => c.notNull())
    .addColumn('failures', 'jsonb', (c) => c.notNull())
    .addColumn('pendings', 'jsonb', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('taxii_status_time').on('taxii_status').column('request_timestamp').execute()
  await db.schema
    .createTable('taxii_sync_state')
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('pull', 'push')`))
    .addColumn('remote', 'text', (c) => c.notNull())
    .addColumn('local_collection', 'text', (c) => c.notNull())
    // Kept as text: a remote's added_after may carry microseconds, which a Date would lose.
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('taxii_sync_state_pk', ['direction', 'remote', 'local_collection'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('taxii_sync_state').execute()
  await db.schema.dropTable('taxii_status').execute()
}
