import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  // Every publication of a network into the exchange, kept so the network shows what was
  // shared, where, at which TLP and without which allowlisted accounts.
  await db.schema
    .createTable('detect_publications')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('network_id', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'uuid', (c) => c.notNull().references('exchange_collections.id'))
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('objects', 'integer', (c) => c.notNull())
    .addColumn('left_out', 'jsonb', (c) => c.notNull())
    .addColumn('published_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('detect_publications_network', ['run_id', 'network_id'], 'detect_networks', ['run_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
  await db.schema.createIndex('detect_publications_network').on('detect_publications').columns(['run_id', 'network_id', 'seq']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('detect_publications').execute()
}
