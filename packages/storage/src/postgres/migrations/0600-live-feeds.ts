import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_feeds')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // DetectParams, as `vigil detect` takes them.
    .addColumn('params', 'jsonb', (c) => c.notNull())
    .addColumn('partitions', 'integer', (c) => c.notNull().check(sql`partitions between 1 and 256`))
    .addColumn('lateness_seconds', 'integer', (c) => c.notNull().check(sql`lateness_seconds >= 0`))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_feeds_pk', ['org_id', 'name'])
    .execute()
}
