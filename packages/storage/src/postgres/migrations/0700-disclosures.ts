import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('disclosures')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted', 'approved', 'published', 'withdrawn')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('targets', 'jsonb', (c) => c.notNull())
    .addColumn('surfaces', 'jsonb', (c) => c.notNull())
    .addColumn('techniques', 'jsonb', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    // DisclosureSource: { kind: 'run', runId, networks }. No foreign key: a disclosure outlives its run.
    .addColumn('source', 'jsonb', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('samples', 'jsonb', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addColumn('accounts', 'jsonb', (c) => c.notNull())
    .addColumn('kept_handles', 'jsonb', (c) => c.notNull())
    // The disclosure's HMAC key for hashing small accounts in its report; never served.
    .addColumn('redaction_key', 'bytea', (c) => c.notNull().check(sql`octet_length(redaction_key) = 32`))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz')
    // The frozen copy: { collection, tlp, stixReportId, html, markdown, stix }.
    .addColumn('publication', 'jsonb')
    .addColumn('withdraw_reason', 'text')
    .execute()
  await db.schema.createIndex('disclosures_org').on('disclosures').columns(['org_id', 'created_at']).execute()
  // A published disclosure is frozen: the database refuses any change to it.
  await sql`
    create function disclosures_frozen() returns trigger language plpgsql as $$
    begin
      raise exception 'disclosure % is published and frozen', old.id using errcode = 'check_violation';
    end $$`.execute(db)
  await sql`
    create trigger disclosures_frozen before update or delete on disclosures
    for each row when (old.status = 'published') execute function disclosures_frozen()`.execute(db)

  await db.schema
    .createTable('disclosure_steps')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('disclosure_id', 'uuid', (c) => c.notNull().references('disclosures.id'))
    .addColumn('step', 'text', (c) =>
      c.notNull().check(sql`step in ('created', 'edited', 'submitted', 'approved', 'published', 'withdrawn')`),
    )
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute()
  await db.schema.createIndex('disclosure_steps_disclosure').on('disclosure_steps').columns(['disclosure_id', 'seq']).execute()

  // The networks' posts in the dump when the draft was made: what samples are chosen from.
  await db.schema
    .createTable('disclosure_posts')
    .addColumn('disclosure_id', 'uuid', (c) => c.notNull().references('disclosures.id'))
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('screen_name', 'text')
    .addColumn('followers', 'double precision')
    .addPrimaryKeyConstraint('disclosure_posts_pk', ['disclosure_id', 'post'])
    .execute()
  await db.schema.createIndex('disclosure_posts_time').on('disclosure_posts').columns(['disclosure_id', 'time']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['disclosure_posts', 'disclosure_steps', 'disclosures']) await db.schema.dropTable(t).execute()
  await sql`drop function disclosures_frozen()`.execute(db)
}
