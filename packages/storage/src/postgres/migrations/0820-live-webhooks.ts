import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  // A feed's webhook endpoints. The secret signs each delivery (HMAC-SHA-256), so it is kept
  // readable; it is shown to people once, when the endpoint is registered.
  await db.schema
    .createTable('live_webhooks')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'uuid', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull().check(sql`length(url) <= 2048`))
    .addColumn('description', 'text', (c) => c.notNull().check(sql`length(description) <= 200`))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('live_webhooks_feed', ['org_id', 'feed'], 'live_feeds', ['org_id', 'name'], (fk) => fk.onDelete('cascade'))
    .execute()
  await db.schema.createIndex('live_webhooks_by_feed').on('live_webhooks').columns(['org_id', 'feed']).execute()
  // Where a feed publishes each alert's network as STIX, on behalf of the user who set it.
  await db.schema
    .createTable('live_stix_publication')
    .addColumn('org_id', 'uuid', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull().check(sql`tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_stix_publication_pk', ['org_id', 'feed'])
    .addForeignKeyConstraint('live_stix_publication_feed', ['org_id', 'feed'], 'live_feeds', ['org_id', 'name'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_stix_publication').execute()
  await db.schema.dropTable('live_webhooks').execute()
}
