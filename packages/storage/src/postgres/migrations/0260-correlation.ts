import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  // The normalised observable keys each stored object version carries.
  await db.schema
    .createTable('exchange_observable_keys')
    .addColumn('seq', 'bigint', (c) => c.notNull().references('exchange_objects.seq').onDelete('cascade'))
    .addColumn('stix_id', 'text', (c) => c.notNull())
    .addColumn('creator_org_id', 'uuid')
    .addColumn('subject', 'boolean', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_observable_keys_pk', ['seq', 'key'])
    .execute()
  await db.schema.createIndex('exchange_observable_keys_key').on('exchange_observable_keys').columns(['key', 'subject']).execute()
  await db.schema.createIndex('exchange_observable_keys_id').on('exchange_observable_keys').column('stix_id').execute()
  // Which object versions correlation has looked at: an anti-join, not a cursor, so a
  // transaction that commits late is never skipped.
  await db.schema
    .createTable('exchange_correlated')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().references('exchange_objects.seq').onDelete('cascade'))
    .execute()
  await db.schema
    .createTable('exchange_correlation_notices')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('object_a', 'text', (c) => c.notNull())
    .addColumn('object_b', 'text', (c) => c.notNull())
    .addColumn('keys', sql`text[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('dismissed_at', 'timestamptz')
    .addColumn('dismissed_by', 'text')
    .addCheckConstraint('exchange_correlation_notices_order', sql`object_a < object_b`)
    .addUniqueConstraint('exchange_correlation_notices_pair', ['org_id', 'object_a', 'object_b'])
    .execute()
  await db.schema
    .createIndex('exchange_correlation_notices_org')
    .on('exchange_correlation_notices')
    .columns(['org_id', 'created_at'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['exchange_correlation_notices', 'exchange_correlated', 'exchange_observable_keys'])
    await db.schema.dropTable(t).execute()
}
