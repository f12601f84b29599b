import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('psi_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('initiator_org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('responder_org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('proposed_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('phone', 'email', 'account')`))
    .addColumn('max_set_size', 'integer', (c) => c.notNull().check(sql`max_set_size between 1 and 1000000`))
    .addColumn('responder_learns', 'text', (c) => c.notNull().check(sql`responder_learns in ('cardinality', 'nothing')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('proposed', 'accepted', 'blinded', 'replied', 'completed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addColumn('initiator_set_size', 'integer')
    .addColumn('responder_set_size', 'integer')
    .addColumn('intersection_size', 'integer')
    // The blinded messages in transit (JSON), deleted when the session completes: never selectors.
    .addColumn('initiator_message', 'text')
    .addColumn('responder_message', 'text')
    .addCheckConstraint('psi_sessions_two_orgs', sql`initiator_org_id <> responder_org_id`)
    .execute()
  await db.schema.createIndex('psi_sessions_initiator').on('psi_sessions').columns(['initiator_org_id', 'created_at']).execute()
  await db.schema.createIndex('psi_sessions_responder').on('psi_sessions').columns(['responder_org_id', 'created_at']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('psi_sessions').execute()
}
