import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  // The coordinated pairs live workers emit, once each: `pair_key` is the SHA-256 of
  // (signal, object, post a, post b), so a pair emitted again (a replay after a takeover, a
  // post published twice) is stored once. Edge weights are read from here as batch reads
  // them from its `pairs` table.
  await db.schema
    .createTable('live_pairs')
    .addColumn('org_id', 'uuid', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('pair_key', 'bytea', (c) => c.notNull())
    .addColumn('signal', 'smallint', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('account_a', 'text', (c) => c.notNull())
    .addColumn('post_a', 'text', (c) => c.notNull())
    .addColumn('time_a', 'bigint', (c) => c.notNull())
    .addColumn('account_b', 'text', (c) => c.notNull())
    .addColumn('post_b', 'text', (c) => c.notNull())
    .addColumn('time_b', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_pairs_pk', ['org_id', 'feed', 'pair_key'])
    .execute()
  await db.schema.createIndex('live_pairs_accounts').on('live_pairs').columns(['org_id', 'feed', 'account_a', 'account_b']).execute()
  // Every post of the feed once, by account: the activity (posts, coordinated posts) of
  // `accounts.csv` and the networks' coordinated share.
  await db.schema
    .createTable('live_posts')
    .addColumn('org_id', 'uuid', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('post', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_posts_pk', ['org_id', 'feed', 'account', 'post'])
    .execute()
}
