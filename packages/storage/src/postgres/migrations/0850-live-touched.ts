import type { Kysely } from 'kysely'

// What changed in a live feed since its aggregator last read (issue #19: networks are
// recomputed for the touched components only). Each statement that stores new pairs or
// posts adds a row here in the same statement: an account pair with new pairs, or an
// account with new posts (how many, and whether they are its first). The aggregator takes
// them with DELETE … RETURNING, so a row committed meanwhile waits for its next round.
// No key: rows are only appended and taken, so writers never wait on each other.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_touched')
    .addColumn('org_id', 'uuid', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('account_a', 'text', (c) => c.notNull())
    // The other account of a pair; null for an account's new posts.
    .addColumn('account_b', 'text')
    .addColumn('posts', 'integer', (c) => c.notNull())
    .addColumn('first', 'boolean', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('live_touched_feed').on('live_touched').columns(['org_id', 'feed']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_touched').execute()
}
