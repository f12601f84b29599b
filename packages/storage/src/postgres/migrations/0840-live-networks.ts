import type { Kysely } from 'kysely'

// Confirmed live networks (issue #21: disclose from a live feed): a snapshot taken at
// confirmation, under a number of its own, and its members' posts in the feed's stream.
// No foreign key to the feed: a disclosure outlives its source.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_networks')
    .addColumn('number', 'bigserial', (c) => c.primaryKey())
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'bigint')
    // DetectedNetwork, its id rewritten to `n<number>`, and the feed's DetectRun at confirmation.
    .addColumn('network', 'jsonb', (c) => c.notNull())
    .addColumn('run', 'jsonb', (c) => c.notNull())
    .addColumn('posts', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('confirmed_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('live_networks_feed').on('live_networks').columns(['org_id', 'feed', 'number']).execute()
  await db.schema
    .createTable('live_network_posts')
    .addColumn('network', 'bigint', (c) => c.notNull().references('live_networks.number'))
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_network_posts_pk', ['network', 'post'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['live_network_posts', 'live_networks']) await db.schema.dropTable(t).execute()
}
